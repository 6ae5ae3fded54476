const INITIAL_CAPACITY = 16;

/**
 * A first-in first-out queue on a ring buffer. Unlike `Array#shift` it takes constant time, and
 * unlike an array emptied by `length = 0` it keeps its slots, so a queue that empties after every
 * event (the usual case) allocates nothing. It grows by doubling and does not shrink: its size is
 * the largest backlog it has held, which `maxQueued` bounds for producers that await `emit`.
 */
export class FifoQueue<T> {
  private slots: (T | undefined)[] = new Array<T | undefined>(INITIAL_CAPACITY);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.slots.length) this.grow();
    this.slots[(this.head + this.count) & (this.slots.length - 1)] = item;
    this.count += 1;
  }

  /** Removes and returns the oldest item; only call it when `size > 0`. */
  shift(): T {
    const item = this.slots[this.head] as T;
    // Clear the slot so the item can be collected while the queue holds it no more.
    this.slots[this.head] = undefined;
    this.head = (this.head + 1) & (this.slots.length - 1);
    this.count -= 1;
    return item;
  }

  /** Forgets every item and gives the grown buffer back. */
  clear(): void {
    this.slots = new Array<T | undefined>(INITIAL_CAPACITY);
    this.head = 0;
    this.count = 0;
  }

  // The capacity stays a power of two, so wrapping around is a bit mask.
  private grow(): void {
    const bigger = new Array<T | undefined>(this.slots.length * 2);
    for (let i = 0; i < this.count; i += 1) bigger[i] = this.slots[(this.head + i) & (this.slots.length - 1)];
    this.slots = bigger;
    this.head = 0;
  }
}
