import { createRequire } from 'node:module';
import type KeyvRedisClass from '@keyv/redis';

/*
 * @keyv/redis (with node-redis under it) costs about 60 ms and 15 MiB of resident memory to load,
 * and a bot on SQLite, the default, never uses it. It is loaded here, on first use, and only here:
 * every Redis adapter is made by `keyvRedis()` (openKeyv), so `isKeyvRedis` compares against the
 * one class that was loaded. A synchronous require, because openKeyv is synchronous; the package
 * ships CommonJS beside its ESM build.
 */
const require = createRequire(import.meta.url);
let loaded: typeof KeyvRedisClass | undefined;

/** The KeyvRedis class, loaded on the first call. */
export function keyvRedis(): typeof KeyvRedisClass {
  loaded ??= (require('@keyv/redis') as { default: typeof KeyvRedisClass }).default;
  return loaded;
}

/** True when `store` is a Redis adapter; false without loading anything when none was ever made. */
export function isKeyvRedis(store: unknown): store is KeyvRedisClass<unknown> {
  return loaded !== undefined && store instanceof loaded;
}
