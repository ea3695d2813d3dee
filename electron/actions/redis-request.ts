/**
 * Which plan requests are Redis's: the executor tells them apart before it loads the Redis side
 * (redis-executor.ts and the Redis client, loaded only when a Redis plan runs).
 */
import type { PlanRequest } from '../../shared/contract/actions';

export type RedisRequest = Extract<PlanRequest, { planner: 'redis-keys' }>;

/** Whether a request is for a Redis planner. */
export function isRedisRequest(request: PlanRequest): request is RedisRequest {
  return request.planner === 'redis-keys';
}
