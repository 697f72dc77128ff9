// A run's output so far, kept for a page that reloads: the newest bytes up to a cap, in the order
// they happened, adjacent pieces of one stream merged.
import type { OutputChunk, OutputStream } from "../../shared/protocol";

export class OutputLog {
  private chunks: OutputChunk[] = [];
  private size = 0;
  private dropped = false;

  constructor(private readonly capacity: number) {}

  append(stream: OutputStream, data: string): void {
    const last = this.chunks[this.chunks.length - 1];
    if (last && last.stream === stream) last.data += data;
    else this.chunks.push({ stream, data });
    this.size += data.length;
    while (this.size > this.capacity && this.chunks.length > 0) {
      const first = this.chunks[0];
      const excess = this.size - this.capacity;
      if (first.data.length <= excess) {
        this.chunks.shift();
        this.size -= first.data.length;
      } else {
        first.data = first.data.slice(excess);
        this.size -= excess;
      }
      this.dropped = true;
    }
  }

  snapshot(): OutputChunk[] {
    const kept = this.chunks.map((c) => ({ ...c }));
    return this.dropped ? [{ stream: "system", data: "[lab] earlier output was dropped; this is the newest part\n" }, ...kept] : kept;
  }
}
