/**
 * Builds one long string from many short pieces (the YAML writer appends a few
 * million per fleet) in a byte buffer that is reused from one build to the
 * next. Joining an array of pieces allocated the array's growth and a copy of
 * it per join, most of the writer's garbage. ASCII is copied byte by byte,
 * anything else is encoded as UTF-8, so pieces must be well-formed UTF-16 (a
 * lone surrogate would come back as U+FFFD; the YAML writer escapes those).
 */
const INITIAL_BYTES = 1 << 16;
const encoder = new TextEncoder();

/** The buffer no builder holds right now; a builder started while another runs gets its own. */
let idle: Uint8Array | undefined = new Uint8Array(INITIAL_BYTES);

export class StringBuilder {
  private bytes: Uint8Array;
  private length = 0;

  constructor() {
    this.bytes = idle ?? new Uint8Array(INITIAL_BYTES);
    idle = undefined;
  }

  append(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.length + text.length * 3 > this.bytes.length) this.grow(text.length * 3);
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        this.length = at;
        this.length += encoder.encodeInto(text.slice(i), bytes.subarray(at)).written;
        return;
      }
      bytes[at++] = code;
    }
    this.length = at;
  }

  /** The text built; the builder is done and its buffer goes to the next one. */
  toString(): string {
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.length).toString('utf8');
    idle = this.bytes;
    this.length = 0;
    return text;
  }

  private grow(extra: number): void {
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}
