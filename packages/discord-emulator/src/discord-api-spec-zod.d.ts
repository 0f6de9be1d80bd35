// discord-api-spec ships its zod build as plain JavaScript; these are the schemas the contract check uses.
declare module 'discord-api-spec/zod' {
  import type { ZodMiniType } from 'zod/mini';
  export const MessageCreateRequestSchema: ZodMiniType;
  export const MessageEditRequestPartialSchema: ZodMiniType;
  export const PongInteractionCallbackRequestSchema: ZodMiniType;
  export const CreateMessageInteractionCallbackRequestSchema: ZodMiniType;
  export const UpdateMessageInteractionCallbackRequestSchema: ZodMiniType;
  export const ApplicationCommandAutocompleteCallbackRequestSchema: ZodMiniType;
  export const ModalInteractionCallbackRequestSchema: ZodMiniType;
  export const IncomingWebhookRequestPartialSchema: ZodMiniType;
  export const IncomingWebhookUpdateRequestPartialSchema: ZodMiniType;
  export const ApplicationCommandUpdateRequestSchema: ZodMiniType;
  export const ApplicationCommandCreateRequestSchema: ZodMiniType;
  export const ApplicationCommandPatchRequestPartialSchema: ZodMiniType;
  export const ExternalScheduledEventCreateRequestSchema: ZodMiniType;
  export const StageScheduledEventCreateRequestSchema: ZodMiniType;
  export const VoiceScheduledEventCreateRequestSchema: ZodMiniType;
  export const ExternalScheduledEventPatchRequestPartialSchema: ZodMiniType;
  export const StageScheduledEventPatchRequestPartialSchema: ZodMiniType;
  export const VoiceScheduledEventPatchRequestPartialSchema: ZodMiniType;
  export const CreatePrivateChannelRequestSchema: ZodMiniType;
}
