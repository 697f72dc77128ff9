// The commands of the `telnet> ` prompt that Ctrl+] opens, in telnet's own words where it has
// them. Parsing only; the line discipline carries them out.

export type TerminalMode = "line" | "character";

export type EscapeCommand =
  | { action: "resume" } // empty line: back to the connection
  | { action: "close" }
  | { action: "eof" }
  | { action: "mode"; mode: TerminalMode }
  | { action: "say"; text: string }; // help, usage or error; the prompt stays open

export const ESCAPE_PROMPT = "telnet> ";

const HELP = [
  "Commands:",
  "  close, quit       close the connection",
  "  mode line         edit each line here, send it on Enter (Linux telnet)",
  "  mode character    send every key as it is typed (Windows telnet)",
  "  send eof          tell the server you will send nothing more (half-close)",
  "  ?, help           show these commands",
  "  (empty line)      back to the connection",
  "",
].join("\n");

export function readEscapeCommand(line: string): EscapeCommand {
  const [verb = "", arg = ""] = line.trim().toLowerCase().split(/\s+/);
  switch (verb) {
    case "": return { action: "resume" };
    case "quit":
    case "close": return { action: "close" };
    case "?":
    case "help": return { action: "say", text: HELP };
    case "send": return arg === "eof" ? { action: "eof" } : { action: "say", text: "usage: send eof\n" };
    case "mode":
      if (arg === "line") return { action: "mode", mode: "line" };
      if (arg !== "" && "character".startsWith(arg)) return { action: "mode", mode: "character" };
      return { action: "say", text: "usage: mode line | mode character\n" };
    default: return { action: "say", text: "?Invalid command (? lists the commands)\n" };
  }
}
