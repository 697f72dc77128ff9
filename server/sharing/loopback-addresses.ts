// Source addresses for the people joining one shared server: 127.0.1.1, 127.0.1.2, ... on the
// run's own loopback (a /8, so every one of them is there without configuring anything), one per
// person, so a server that prints its clients' addresses shows different people as on a real
// network. 127.0.0.1 stays the owner's own terminals. A person who leaves and comes back gets
// the same address while the share lasts.

/** Addresses remembered for people who have left, at most this many times the joiner limit. */
const REMEMBERED_PER_PLACE = 4;

export function loopbackAddress(n: number): string {
  return `127.0.${1 + Math.floor(n / 254)}.${1 + (n % 254)}`;
}

export class LoopbackAddresses {
  private readonly byPerson = new Map<string, number>();

  constructor(private readonly places: number) {}

  /** The person's address; `connected` says who is connected now (their addresses are not reused). */
  of(person: string, connected: ReadonlySet<string>): string {
    const known = this.byPerson.get(person);
    if (known !== undefined) return loopbackAddress(known);
    if (this.byPerson.size >= this.places * REMEMBERED_PER_PLACE) {
      for (const old of this.byPerson.keys()) {
        if (connected.has(old)) continue;
        this.byPerson.delete(old);
        break;
      }
    }
    const taken = new Set(this.byPerson.values());
    let n = 0;
    while (taken.has(n)) n++;
    this.byPerson.set(person, n);
    return loopbackAddress(n);
  }
}
