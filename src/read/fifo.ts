/**
 * A first-in first-out queue with O(1) push and shift: an array and a moving head, compacted now
 * and then. The readers' bounded-memory windows use it instead of a Map re-ordered by delete+set,
 * because V8 keeps deleted entries as holes at the Map's front until it rehashes, and scanning
 * them on every row made a 300k-row export take quadratic time.
 */
export class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  push(item: T): void {
    this.items.push(item);
  }

  peek(): T | undefined {
    return this.items[this.head];
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
}
