import { isThenable } from "../thenable.js";

/**
 * Hands out what `pull` produced, batch by batch. `pull` returns the next batch (possibly empty),
 * or null once the source is exhausted; a promise only when it had to wait.
 */
export type Pull<T> = () => ReadonlyArray<T> | null | PromiseLike<ReadonlyArray<T> | null>;

/**
 * An async iterator over batches, with one resolved promise per item and nothing else. **Why not
 * an async generator:** every `yield*` layer awaits each item again, and a backtest's results
 * went through three of them (instance claims, preparation, the run): that was a third of
 * `Backtest.run`'s cost over the fold. `close` runs exactly once, however iteration ends: the
 * source ran out, it threw, or the consumer broke out of its loop.
 */
/** An async iterator of results that can always be left early (`return()` frees what the run held). */
export interface ResultStream<T> extends AsyncIterableIterator<T> {
  return(value?: unknown): Promise<IteratorResult<T>>;
}

export const resultStream = <T>(pull: Pull<T>, close: () => void = () => {}): ResultStream<T> => {
  let batch: ReadonlyArray<T> = [];
  let at = 0;
  let done = false;
  let queue: Promise<unknown> = Promise.resolve();
  let busy = false;

  const end = (): IteratorResult<T> => {
    if (!done) {
      done = true;
      close();
    }
    return { done: true, value: undefined };
  };

  const advance = (): IteratorResult<T> | Promise<IteratorResult<T>> => {
    for (;;) {
      if (at < batch.length) return { done: false, value: batch[at++]! };
      if (done) return { done: true, value: undefined };
      let next: ReturnType<Pull<T>>;
      try {
        next = pull();
      } catch (error) {
        end();
        throw error;
      }
      if (isThenable(next)) {
        return Promise.resolve(next).then(
          (items) => (accept(items), advance()),
          (error: unknown) => {
            end();
            throw error;
          },
        );
      }
      accept(next);
    }
  };

  const accept = (items: ReadonlyArray<T> | null): void => {
    if (done) return; // the consumer left while the source was waiting
    if (items === null) {
      end();
      return;
    }
    batch = items;
    at = 0;
  };

  const iterator: ResultStream<T> = {
    next: () => {
      // Calls that overlap (nobody awaited the previous one) wait their turn, as with a generator.
      if (busy) return (queue = queue.then(() => iterator.next())) as Promise<IteratorResult<T>>;
      if (at < batch.length) return Promise.resolve({ done: false, value: batch[at++]! });
      busy = true;
      let result: IteratorResult<T> | Promise<IteratorResult<T>>;
      try {
        result = advance();
      } catch (error) {
        busy = false;
        return Promise.reject(error);
      }
      if (!isThenable(result)) {
        busy = false;
        return Promise.resolve(result);
      }
      const settled = result.finally(() => (busy = false));
      queue = settled.catch(() => undefined);
      return settled;
    },
    return: () => Promise.resolve(end()),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
};
