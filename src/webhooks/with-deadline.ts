// A webhook handler's work against a deadline: past it, the delivery is answered 503 (GitHub can redeliver it).
import { QueueUnavailableError } from "../jobs/plan-queue.js";

export function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new QueueUnavailableError(`the trigger could not be queued within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
