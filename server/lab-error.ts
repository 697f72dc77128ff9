// An error a student is meant to read: a code the page can act on and a sentence saying what
// happened and what to do. Its own module so that lab.ts and the parts it builds can all throw it.
export class LabError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
