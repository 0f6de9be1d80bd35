/**
 * English messages. Every sentence the bot writes is one whole message here with `{{placeholders}}`
 * for names, titles and numbers from the data, so a translator sees whole sentences.
 * Markdown (`**bold**`) is part of the message, as Discord shows it.
 */
export const en = {
  common: {
    runtimeMinutes: '{{m}} min',
    runtimeHours: '{{h}} h',
    runtimeHoursMinutes: '{{h}} h {{m}} min',
    filmLabel: '{{title}} ({{year}})',
    whereToWatch: '{{platform}} ({{region}})',
    workWithDetails: '{{title}} ({{details}})',
    nameWithAliases: '{{name}} (also {{aliases}})',
  },
  cast: {
    choiceActor: '{{actor}} (plays {{character}})',
    choiceCharacter: '{{character}} (played by {{actor}})',
    choiceDirector: '{{director}} ({{role}})',
  },
  interaction: {
    staleButton: 'That button no longer works. Run {{command}} again for a fresh one.',
    staleButtonAnyCommand: 'That button no longer works. Run the command again for a fresh one.',
    unknownCommand:
      "I don't have a /{{command}} command (any more). Type /help to see what I can do.",
    unsupported: "I can't do anything with that. Type /help to see what I can do.",
    storeUnavailableWrite:
      "I couldn't save that, nothing was changed: my storage isn't answering right now. Try again in a minute.",
    storeUnavailableRead:
      "I can't reach my storage right now, so I can't answer that. Try again in a minute.",
    releaseMayBeStale:
      "My storage isn't answering right now, so the release date is the last one I knew: a date moved since may not show yet.",
    unexpected:
      'Something went wrong on my side and I could not finish that. It has been logged; please try again in a moment.',
    filmGone: 'I no longer track the film this button was for. Use /film to look it up again.',
  },
  reminders: {
    previousPage: '◀ Previous',
    nextPage: 'Next ▶',
    pageOf: 'Page {{page}} of {{pages}}',
    title: 'Your reminders',
    titleCount: 'Your reminders ({{count}} of {{max}})',
    empty:
      'You have no reminders. Ask for one with `/remindme`, or the Remind me button under `/film`.',
    footer: '/reminders clear deletes all of them and everything else I keep about you.',
    line: '**{{number}}.** {{film}} · {{offset}} · {{place}}',
    inChannel: 'in {{channel}}',
    byDm: 'by DM',
    notTracked: 'no longer tracked',
    status: {
      sending: '⏳ going out now',
      sent: '✅ sent',
      sentAt: '✅ sent {{relative}}',
      dm_closed:
        '⚠️ not delivered: your DMs are closed to me (allow DMs from server members, or use `where: here`)',
      failed: '❌ not delivered: Discord kept refusing it',
      passed: 'its moment passed when the release date changed',
    },
    cancelButton: 'Cancel {{number}}',
    /** Autocomplete labels are plain text: the due instant in the release's zone, in luxon tokens. */
    choiceDateFormat: 'd LLL yyyy HH:mm',
    choiceInChannel: 'in a channel',
    cancelled: 'Cancelled: {{film}}, {{offset}}, {{place}}.',
    cancelledFromList: 'Cancelled: {{offset}} {{place}}.',
    alreadyGone: 'That reminder was already gone.',
    noneToCancel: 'You have no reminders to cancel.',
    ambiguous:
      '"{{typed}}" matches {{matches}} of your reminders: pick one from the list as you type, or use its number.',
    notFound: 'I couldn\'t find "{{typed}}" among your reminders.',
    listHint: '`/reminders list` shows them, each with a Cancel button.',
    clearedNone: 'Done: you had no reminders, and I now keep nothing about you.',
    clearedOne:
      'Done: I deleted your reminder and everything else I kept about you (the id of our DM channel). I keep nothing about you now.',
    clearedSeveral:
      'Done: I deleted your {{count}} reminders and everything else I kept about you (the id of our DM channel). I keep nothing about you now.',
    usage: 'Use `/reminders list`, `/reminders cancel` or `/reminders clear`.',
  },
  help: {
    title: 'Premiere: film facts and release countdowns',
    intro:
      'I answer questions about films from my own film data, remind you before a film comes out, and post countdowns in a channel.',
    tracked: 'Films I track: {{films}}.',
    trackedNone: 'Films I track: none yet.',
    pickTitle: 'Start typing a title in any `title` option to pick a film.',
    facts: {
      name: 'Film facts',
      film: '`/film title`: overview with release time, plus Cast, Synopsis and Remind me buttons',
      cast: '`/cast title [person]`: the whole cast, or one actor or character (any spelling)',
      synopsis: '`/synopsis title`: what the film is about',
      ask: '`/ask question [title]`: e.g. "who plays Choi?", "how long is it?", "when is it on Netflix?"',
    },
    reminders: {
      name: 'Reminders',
      remindme:
        '`/remindme title [when] [where]`: a week, a day (default) or an hour before, or at release; by DM (default) or here',
      reminders:
        '`/reminders list` · `/reminders cancel` · `/reminders clear`: see and cancel your own reminders',
      cap: 'You may keep up to {{max}} reminders at a time.',
    },
    countdowns: {
      name: 'Countdowns (needs Manage Server)',
      value:
        '`/countdown start channel title [time] [timezone] [style] [event]` · `/countdown stop` · `/countdown status`: automatic countdown posts in a channel; `event:true` also adds a server event for the release (needs Manage Events)',
    },
    release: {
      name: 'Release dates',
      value:
        '`/release show title`: the release instant I use · `/release set title date [timezone]`: bot owners only',
    },
    stored: {
      name: 'What I store',
      reminders:
        '• Your reminders: your user id, the film, when, where (DM or a channel) and the language you asked in',
      dmChannel: '• The id of the DM channel I use to reach you',
      countdowns: "• Each server's countdown settings: channel, film, time, time zone and style",
      releases: '• Each film’s release instant',
      nothingElse: 'Nothing else: no message content.',
    },
    deleting: {
      name: 'Deleting your data',
      value:
        '`/reminders clear` deletes all your reminders and the DM channel id I keep for you. A server’s countdown settings go with `/countdown stop`.',
    },
  },
  remindme: {
    dmCopy: '✅ Reminder set for {{film}}: I will DM you here {{when}}, {{at}}.',
    dmClosed:
      "I couldn't DM you: your DMs are closed to me, so a reminder by DM would never reach you, and I did not keep it. Allow DMs from this server's members (Privacy settings) and ask again, or get it here in this channel instead:",
    dmClosedNoHere:
      "I couldn't DM you: your DMs are closed to me, so a reminder by DM would never reach you, and I did not keep it. Allow DMs from server members and ask again, or use `/remindme where: here` in a server channel.",
    hereInstead: 'Remind me here instead',
    addedDm: "✅ I'll remind you by DM {{offset}} of **{{film}}**: {{dueAt}}.",
    addedHere: "✅ I'll remind you here in {{channel}} {{offset}} of **{{film}}**: {{dueAt}}.",
    comesOut: 'It comes out on {{where}} {{release}}.',
    keepDmsOpen:
      'Keep DMs from server members open, or I cannot reach you. `/reminders list` shows your reminders.',
    another: 'Another one as well?',
    duplicateDm:
      'You already have that reminder: {{offset}} of **{{film}}**, by DM, {{dueAt}}. Nothing changed.',
    duplicateHere:
      'You already have that reminder: {{offset}} of **{{film}}**, here in {{channel}}, {{dueAt}}. Nothing changed.',
    capReached:
      'You already have {{max}} reminders, the most I keep for one person. Cancel one with `/reminders cancel` (see them with `/reminders list`), then ask again.',
    passed: {
      week: 'A week before release of **{{film}}** was {{dueAt}}: that moment has passed.',
      day: 'A day before release of **{{film}}** was {{dueAt}}: that moment has passed.',
      hour: 'An hour before release of **{{film}}** was {{dueAt}}: that moment has passed.',
      release: 'At release of **{{film}}** was {{dueAt}}: that moment has passed.',
    },
    stillAhead: 'I can still remind you {{offsets}}:',
    outNow:
      '**{{film}}** is out now: it came out on {{where}} {{release}}. Nothing left to remind you of: you can watch it there.',
    button: {
      week: 'A week before',
      day: 'A day before',
      hour: 'An hour before',
      release: 'At release',
    },
    hereOutsideServer:
      '`where: here` works in a server channel only. Here, leave `where` out and I will DM you.',
    notTextChannel:
      'I can only post reminders in a text channel. Run this in one, or leave `where` out for a DM.',
    cannotPost:
      "I can't post in {{channel}} (I need View Channel and Send Messages there), so a reminder here would never arrive.",
    cannotPostHint:
      'Leave `where` out and I will DM you instead, or ask a moderator to let me post here.',
    cannotSee: "You can't see {{channel}}, so a reminder there would not reach you.",
    notAChoiceWhen: '"{{value}}" is not a choice: pick week, day, hour or release.',
    notAChoiceWhere: '"{{value}}" is not a choice: pick dm or here.',
    staleButton: 'That button no longer works. Use /remindme instead.',
  },
  countdown: {
    outNow: '{{title}} is out now on {{where}}! (released {{relative}})',
    tomorrow: '{{title}} lands on {{where}} tomorrow ({{relative}})',
    minutes_one: '{{title}} lands on {{where}} in {{count}} minute ({{relative}})',
    minutes_other: '{{title}} lands on {{where}} in {{count}} minutes ({{relative}})',
    hours_one: '{{title}} lands on {{where}} in {{count}} hour ({{relative}})',
    hours_other: '{{title}} lands on {{where}} in {{count}} hours ({{relative}})',
    days_one: '{{title}} lands on {{where}} in {{count}} day ({{relative}})',
    days_other: '{{title}} lands on {{where}} in {{count}} days ({{relative}})',
    outNowField: 'Out now on {{where}}',
    onField: 'On {{where}}',
    directedBy: 'Directed by',
  },
  /** `/countdown start`, `stop` and `status`: the replies to the admin and the server event it creates. */
  countdownCommand: {
    outsideServer: 'Countdowns live in a server channel: run /countdown in a server.',
    notManager: 'Only members with the Manage Server permission can manage countdowns.',
    unknownSubcommand: 'Use /countdown start, stop or status.',
    notTextChannel: '{{channel}} is not a text channel: pick a text or announcement channel.',
    badTime: '"{{input}}" is not a time of day I can read.',
    badTimeHint: 'Use 24-hour HH:MM, for example 09:00 or 18:30.',
    missingPermissions:
      "I can't post the countdown in {{channel}}: I'm missing {{permissions}} there.",
    missingPermissionsHint:
      'Give my role {{permissions}} in that channel (Edit Channel → Permissions), then run /countdown start again.',
    /** The names Discord's own settings show for these permissions, in the reader's language. */
    permission: {
      viewChannel: 'View Channel',
      sendMessages: 'Send Messages',
      embedLinks: 'Embed Links',
    },
    outNow:
      '{{title}} is already out on {{where}} (since {{release}}): there is nothing left to count down.',
    alreadyActive: '{{channel}} already counts down to {{title}}: {{schedule}}.',
    alreadyActiveHint:
      'To change it, run /countdown stop for that channel first, then start it again.',
    stoppedMeanwhile: 'That countdown was stopped a moment ago; run the command again.',
    full: 'This server already has {{running}} countdowns running, the most I keep per server ({{max}}).',
    fullHint: 'Stop one with /countdown stop first: {{channels}}.',
    exists: '{{channel}} already counts down to {{title}}.',
    existsHint: '/countdown status shows it; /countdown stop ends it.',
    started: 'Started the countdown to **{{title}}** in {{channel}}: {{schedule}}.',
    resumed: 'Resumed the countdown to **{{title}}** in {{channel}}: {{schedule}}.',
    firstPost: 'First post: {{at}}.',
    liveSoon: 'The live message appears in a few seconds.',
    release: 'Release: {{release}} on {{where}}.',
    zoneFromServer:
      "Time zone: {{zone}}, the one this server's other countdowns use; add timezone: to pick another.",
    zoneDefault: 'Time zone: {{zone}}, the default; add timezone: to pick another.',
    eventNeedsPermission:
      "I couldn't add a server event for the release: I need the Manage Events permission. Grant it and run /countdown start with event:true again.",
    eventExists: 'The server event for the release already exists.',
    eventAdded: 'Added a server event for the release: {{url}}',
    eventRefused:
      "I couldn't add a server event for the release: Discord refused it. The countdown itself is running.",
    /** The server's scheduled event, in the server's language: "Ballerina (2023) on Netflix (UK)". */
    eventName: '{{film}} on {{where}}',
    noCountdown: 'There is no countdown in {{channel}}.',
    noCountdownHint: '/countdown status lists this server’s countdowns.',
    stoppedTitle: '**{{title}}**',
    stopped: 'Stopped the countdown to {{titles}} in {{channel}}. Messages already posted stay.',
    noneYet: 'No countdowns in this server yet. Start one with /countdown start.',
    schedule: {
      post: 'a post every day at {{time}} {{zone}} ({{offset}} now), one an hour before release and an "out now" post at release',
      live: 'one live message, refreshed every hour (every minute in the last hour, days counted in {{zone}} ({{offset}} now)), turned into "out now" at release',
    },
    status: {
      title: 'Countdowns',
      titleIn: 'Countdowns in {{guild}}',
      footer: 'Times show in your own time zone. At most {{max}} countdowns per server.',
      fieldName: '{{film}} · {{state}}',
      state: {
        active: 'running',
        paused: 'paused',
        finished: 'finished',
        ended: 'ended',
      },
      where: 'in {{channel}}: {{schedule}}',
      liveMessage: 'Live message: {{url}}',
      nextPost: 'Next post: {{at}}',
      nextUpdate: 'Next update: {{at}}',
      paused: 'Paused: {{reason}}. Fix it, then run /countdown start again to resume.',
      pausedUnknown: 'Discord refused a post',
      finished: 'Finished {{relative}} with its "out now" post.',
      endedChannelDeleted: 'Ended: the channel was deleted.',
      endedServerGone: 'Ended: I am no longer in that server.',
      ended: 'Ended.',
      last: 'Last: {{result}}',
    },
    pauseReason: {
      missing_access: 'I can no longer see that channel (Missing Access, {{code}})',
      missing_permissions:
        'I may not post there (Missing Permissions, {{code}}): I need View Channel, Send Messages and Embed Links',
      thread_closed:
        'that thread is archived or locked ({{code}}): reopen it, or start the countdown in another channel',
      not_text_channel:
        'that channel no longer takes my messages ({{code}}): start the countdown in a text channel',
      blocked:
        "the server's AutoMod blocked my post ({{code}}): allow it, or start the countdown elsewhere",
    },
    result: {
      posted: 'posted {{when}}',
      postedLate: 'posted {{when}} (late: I was offline at its time)',
      edited: 'live message updated {{when}}',
      reposted: 'live message was deleted; posted a new one {{when}}',
      skipped: 'skipped the post due {{slot}}: I was offline for more than 6 hours',
      failed: 'failed {{when}}: Discord said {{code}} ({{number}})',
      code: {
        timeout: 'timeout',
        rateLimited: 'rate limited',
        channelDeleted: 'channel deleted',
        serverGone: 'server gone',
        messageDeleted: 'message deleted',
        missingAccess: 'Missing Access',
        missingPermissions: 'Missing Permissions',
        threadArchived: 'thread archived',
        threadLocked: 'thread locked',
        notTextChannel: 'not a text channel',
        wrongChannelType: 'wrong channel type',
        autoMod: 'blocked by AutoMod',
        harmfulLinks: 'blocked by the harmful links filter',
        other: 'error',
      },
    },
  },
  /** `/release show` and `/release set`, with the refusals of the date an owner types. */
  releaseCommand: {
    comesOut: '**{{film}}** comes out on {{where}} {{release}}.',
    cameOut: '**{{film}}** came out on {{where}} {{release}}.',
    storedAs: 'Stored as `{{local}}` {{zone}} ({{offset}}).',
    movedFrom: 'Moved {{relative}} from {{previous}}.',
    ownersOnly:
      "Only the bot's owners can change a release date. `/release show` tells you the current one.",
    unchanged: 'That is already the release of **{{film}}**: {{release}}. Nothing changed.',
    movedHead: 'Moved **{{film}}**:',
    was: 'Was: {{release}}',
    now: 'Now: {{release}}, stored as `{{local}}` {{zone}} ({{offset}}).',
    ambiguous:
      'That local time happens twice (the clocks go back that night): I took the first one.',
    follows:
      'Reminders and countdowns follow it; everyone with a reminder for this film gets one DM with the old and new dates.',
    unreadable: 'I can\'t read "{{text}}" as a date and time.',
    example: 'Use `YYYY-MM-DD HH:mm`, for example `2023-10-06 08:00`.',
    implausibleYear: '{{year}} is not a plausible release year.',
    notReal: '{{text}} is not a real date or time.',
    notRealHint: 'Check the day exists in that month and the time is between 00:00 and 23:59.',
    skipped:
      '{{text}} does not exist in {{zone}}: the clocks jump forward then (that local time is skipped).',
    skippedHint: 'Pick a time outside the jump, e.g. {{suggestion}}.',
  },
  /** A time zone typed into `/countdown start` or `/release set` that is refused, and why. */
  timeZone: {
    unknown: '"{{input}}" is not a time zone I know.',
    noDaylightSaving: '{{input}} has no daylight saving.',
    noDaylightSavingGuess: '{{input}} has no daylight saving: did you mean {{places}}?',
    abbreviation: '{{input}} is an abbreviation, not a time zone.',
    abbreviationGuess: '{{input}} is an abbreviation, not a time zone: did you mean {{places}}?',
    fixedOffset: '{{input}} is a fixed offset with no daylight saving.',
    fixedOffsetGuess:
      '{{input}} is a fixed offset with no daylight saving: did you mean {{places}}?',
    namePlace:
      'Name the place whose clock you mean (an IANA zone such as Europe/London, America/New_York or Asia/Seoul): its daylight saving is then followed. Use UTC for a clock that never changes.',
  },
  reminder: {
    offset: {
      week: 'a week before release',
      day: 'a day before release',
      hour: 'an hour before release',
      release: 'at release',
    },
    film: '**{{film}}**',
    week: '⏰ One week to go! {{ping}}**{{film}}** comes out on {{where}} {{dateTime}} ({{relative}}).',
    day: '⏰ One day to go! {{ping}}**{{film}}** comes out on {{where}} {{dateTime}} ({{relative}}).',
    hour: '⏰ One hour to go! {{ping}}**{{film}}** comes out on {{where}} {{dateTime}} ({{relative}}).',
    release: '⏰ {{ping}}**{{film}}** comes out on {{where}} {{dateTime}} ({{relative}}).',
    late: '⏰ {{ping}}Sorry, this reminder is late: it was due {{dueAt}} ({{offset}}) and I was offline then. **{{film}}** comes out on {{where}} {{dateTime}} ({{relative}}).',
    outNow: '🍿 {{ping}}**{{film}}** is out now on {{where}}!',
    outNowLate:
      '🍿 {{ping}}**{{film}}** is out now on {{where}}! It came out {{relative}} ({{dateTime}}). Sorry this comes late: I was offline when your reminder was due.',
    fallback: "I couldn't post your reminder in {{channel}} ({{why}}), so here it is by DM:",
    fallbackWhy: {
      unknown_channel: 'that channel no longer exists',
      missing_access: 'I can no longer see that channel',
      missing_permissions: 'I am no longer allowed to post there',
      thread_closed: 'that thread is archived or locked',
      not_text_channel: 'that channel no longer takes messages',
      blocked: "the server's AutoMod blocked it",
    },
    releaseChanged: {
      head: '📅 The release of **{{film}}** on {{where}} has changed.',
      was: 'Was: ~~{{dateTime}}~~',
      nowOut: 'Now: {{dateTime}}: it is out now.',
      now: 'Now: {{dateTime}} ({{relative}})',
      doneTail: 'Your reminders for it are done.',
      movedTail:
        'Your reminders moved with it; any whose moment had already passed when it changed are covered by this message.',
    },
  },
  catalogue: {
    emptyTitle: 'Which film? The title was empty.',
    titleTooLong:
      'That title is {{length}} characters long; no title I know is longer than {{max}}.',
    unreadableTitle: "I couldn't read a film title in {{typed}}: use letters or numbers.",
    severalFilms: 'Several films are called {{typed}}: pick one from the list or add the year.',
    confused: "I don't track {{typed}}. {{note}}",
    notSure: "I'm not sure which film {{typed}} is. Did you mean:",
    unknownFilm: "I don't track a film called {{typed}}. The films I know:",
  },
  film: {
    heading: '{{title}} · {{year}}',
    titleWithOriginal: '{{title}} ({{original}})',
    runtime: 'Runtime',
    genre: 'Genre',
    release: 'Release',
    releaseUpcoming: 'On {{where}}: {{dateTime}} ({{relative}})',
    releaseOut: 'Out now on {{where}} since {{date}}',
    leadCast: 'Lead cast',
    cast: 'Cast',
    castLine: '**{{actor}}** as {{character}}',
    notConfused: 'Not to be confused with',
    more: 'More with /cast, /synopsis and /ask',
    buttonCast: 'Cast',
    buttonSynopsis: 'Synopsis',
    buttonRemind: 'Remind me',
    buttonDetails: 'Details',
    synopsisTitle: '{{film}}: synopsis',
  },
  castEmbed: {
    title: '{{film}}: cast',
    director: '{{role}} **{{director}}**',
    alsoSpelled: 'Also spelled: {{names}}',
    alsoIn: 'Also in: {{works}}',
    alsoInHeading: 'Also in',
    castLine: '{{actor}} as {{character}}',
    more_one: 'And {{count}} more',
    more_other: 'And {{count}} more',
    moreHint: 'Ask for one person with `/cast person:`.',
    directorOf: 'The {{role}} of {{film}}.',
    earlierWork: 'Earlier work',
    actor: 'Actor',
    character: 'Character',
    plays: '{{actor}} plays {{character}}.',
    personTitle: '{{person}} · {{film}}',
    noName:
      'The person option had no name in it. Type an actor or character of {{film}}, or leave it out for the whole cast:',
    nameTooLong: 'That name is {{length}} characters long; no name I know is longer than {{max}}.',
    unknownPerson: 'No one called {{name}} is in {{film}} as far as I know. Its cast:',
  },

  ask: {
    empty: 'Ask me a question about a film, in words. For example:',
    tooLong: 'That question is {{length}} characters long; please keep it under {{max}}.',
    footer: 'About {{film}} · answered from my film data only',
    unknown: {
      noFilm: "I don't know that. I only answer from what I know about the films I track.",
      withFilm:
        "I don't know that. I only answer from what I know about {{film}}, and that isn't in it.",
      topic:
        "I don't know that. My data on {{film}} says nothing about {{topic}}, and I won't guess.",
      canAnswer: 'Questions I can answer:',
    },
    topic: {
      dubbing: 'dubbing or dubbed versions',
      subtitles: 'subtitles',
      filming: 'where or how it was filmed',
      age: "anyone's age or birthday",
      budget: 'its budget or box office',
      reviews: 'reviews, ratings or whether it is good',
      sequel: 'sequels, prequels or a season 2',
      music: 'its music or soundtrack',
      trailer: 'trailers',
      scary: 'how scary, gory or suitable for children it is',
      awards: 'awards',
      personal: "the cast's private lives",
      crew: 'the crew, producers or studio',
      source: 'what it is based on',
      ending: 'how it ends',
      other: 'that',
    },
    examples: {
      whoPlays: 'who plays {{character}}?',
      whoIs: 'who is {{actor}}?',
      director: 'who directed it?',
      otherWorks: 'what else was {{actor}} in?',
      runtime: 'how long is it?',
      genre: 'what genre is it?',
      release: 'when is it on {{platform}}?',
      synopsis: 'what is it about?',
      motive: 'why does {{character}} want revenge?',
      title: "what's the Korean title?",
      confusion: 'is this the {{other}} one?',
    },
    exampleDefaults: {
      character: 'the lead',
      actor: 'the lead actor',
      platform: 'streaming',
    },
    disambiguation: {
      no: 'No. {{note}}',
      onlyTrack: 'I only track {{film}}. {{note}}',
    },
    cast: {
      heading: 'The cast of {{film}}:',
      line: '• **{{actor}}** as **{{character}}**',
      suggestion: '{{actor}} as {{character}}',
      inline: '{{actor}} ({{character}})',
    },
    whoPlays: {
      byCharacter: '**{{character}}** is played by **{{actor}}**.',
      byActor: '**{{actor}}** plays **{{character}}** in {{film}}.',
      director: '**{{director}}** is the {{role}} of {{film}}, not one of its actors.',
    },
    whoIs: {
      character: '**{{character}}**, played by **{{actor}}** in {{film}}.',
      actor: '**{{actor}}** plays **{{character}}** in {{film}}.',
      alsoIn: 'Also in: {{works}}.',
    },
    inCast: {
      yesActor: 'Yes: **{{actor}}** plays **{{character}}** in {{film}}.',
      yesCharacter: 'Yes: **{{character}}** is in {{film}}, played by **{{actor}}**.',
      director: '**{{director}}** is not in the cast; they are the {{role}} of {{film}}.',
      no: 'Not that I know of: I know no one called {{name}} in {{film}}. Its cast: {{cast}}.',
    },
    unknownPerson: 'No one called {{name}} is in {{film}} as far as I know. Its cast:',
    otherWorks: {
      director: 'Before {{film}}, **{{director}}** made {{works}}.',
      directorNone: "I don't know what else **{{director}}** has made besides {{film}}.",
      actor: 'Besides {{film}}, **{{actor}}** was in {{works}}.',
      actorNone: "I don't know what else **{{actor}}** has been in.",
      viaCharacter: '**{{character}}** is played by **{{actor}}**.',
    },
    director: {
      sentence: '{{film}} is by **{{director}}**, its {{role}}.',
      earlier: 'Earlier work: {{works}}.',
      noWriter: "I don't know who wrote {{film}}. I only know it was directed by **{{director}}**.",
    },
    runtime: '{{film}} runs {{minutes}} minutes ({{runtime}}).',
    genre: '{{film}} is a film of these genres: {{genres}}.',
    origin: {
      both: '{{film}} is from {{country}}, in {{language}}.',
      country: '{{film}} is from {{country}}.',
      language: '{{film}} is in {{language}}.',
    },
    year: '{{title}} is from {{year}}.',
    title: {
      original:
        'The original title of {{film}} is **{{original}}**; its English title is **{{title}}**.',
      only: '{{film}} is known only by its title **{{title}}**.',
    },
    release: {
      upcoming: '**{{title}}** comes out on {{where}} on {{dateTime}} ({{relative}}).',
      out: '**{{title}}** is out now on {{where}}, since {{date}}.',
      onlyRegion:
        'I only know the {{region}} release. I have nothing for {{asked}}; Discord shows the time below in your own time zone.',
    },
    motive: {
      lead: '{{synopsis}}',
      blamed:
        'The one {{hero}} blames: **{{character}}** (played by **{{actor}}**). {{description}}',
    },
    whichFilm: 'Which film do you mean? Name it in the question or pick it with the title option.',
    severalFilms:
      'Your question names several films; ask about one at a time, or pick one with the title option.',
    filmMismatch:
      'Your question is about {{named}} but the title option says {{option}}: which one?',
  },
} as const;

/**
 * The shape every other language's resources must have: the same keys, any strings. Plural forms
 * follow the language's own CLDR categories (Korean has `_other` only), so only `_other` is
 * required; test/i18n.test.ts checks each language has the forms its plural rules use.
 */
export type Messages = {
  [K in keyof typeof en]: Widen<(typeof en)[K]>;
};
type Optional = `${string}_${'zero' | 'one' | 'two' | 'few' | 'many'}`;
type Widen<T> = T extends string
  ? string
  : { [K in keyof T as K extends Optional ? never : K]: Widen<T[K]> } & {
      [K in keyof T as K extends Optional ? K : never]?: Widen<T[K]>;
    };
