// The corpus of student programs (tests/checks/corpus/): each with the exercise it is checked
// against, the verdict it must get and the finding (or warning) it must name. Written
// independently of the reference programs, in varied styles, correct and wrong.
import type { Exercise } from "../../server/checks";

export interface CorpusProgram {
  file: string;
  exercise: Exercise;
  verdict: "pass" | "fail";
  /** The first failing check's finding must match (fail), or nothing (pass). */
  finding?: RegExp;
  /** Some check's warning must match. */
  warning?: RegExp;
  /** The report must not say this (e.g. a lock hint for a program without threads). */
  never?: RegExp;
}

const LOCK_WORDS = /\block\b/i;

export const CORPUS: CorpusProgram[] = [
  { file: "ex1_minimal.py", exercise: 1, verdict: "pass" },
  { file: "ex1_makefile.py", exercise: 1, verdict: "pass" },
  { file: "ex1_socketserver.py", exercise: 1, verdict: "pass" },
  { file: "ex1_asyncio.py", exercise: 1, verdict: "pass" },
  { file: "ex1_upper.py", exercise: 1, verdict: "fail", finding: /^the line comes back changed: in capital letters$/ },
  { file: "ex1_strip.py", exercise: 1, verdict: "fail", finding: /^the line comes back changed: without the \\r\\n it was sent with$/ },
  { file: "ex1_reversed.py", exercise: 1, verdict: "fail", finding: /^the line comes back changed: not the line that was sent$/ },
  { file: "ex1_python2.py", exercise: 1, verdict: "fail", finding: /^this is Python 2 code: the lab runs Python 3$/ },
  { file: "ex1_str_send.py", exercise: 1, verdict: "fail", finding: /^the program crashed: TypeError: a bytes-like object is required, not 'str' \(line 12\)$/, never: LOCK_WORDS },

  { file: "ex2_loop_close.py", exercise: 2, verdict: "pass", never: /keeps a socket open/ },
  { file: "ex2_no_close.py", exercise: 2, verdict: "pass", never: /keeps a socket open/ },
  { file: "ex2_recursive.py", exercise: 2, verdict: "pass" },
  { file: "ex2_keeps_all.py", exercise: 2, verdict: "pass", warning: /keeps a socket open for every client/ },
  { file: "ex2_one_client.py", exercise: 2, verdict: "fail", finding: /^the server exits after the first client leaves$/ },
  { file: "ex2_closes_listener.py", exercise: 2, verdict: "fail", finding: /^the program closed its listening socket after client 1$/, never: /while True/ },

  { file: "ex3_thread_function.py", exercise: 3, verdict: "pass" },
  { file: "ex3_select.py", exercise: 3, verdict: "pass" },
  { file: "ex3_threading_server.py", exercise: 3, verdict: "pass" },
  { file: "ex3_no_except.py", exercise: 3, verdict: "pass", warning: /1 thread died with an exception \(ConnectionResetError 1\)/ },
  { file: "ex3_pool_of_two.py", exercise: 3, verdict: "fail", finding: /^two clients were served at once; the third waited until one left$/ },
  { file: "ex3_join.py", exercise: 3, verdict: "fail", finding: /^only one client is served at a time$/ },

  { file: "ex4_named_chat.py", exercise: 4, verdict: "pass" },
  { file: "ex4_asyncio.py", exercise: 4, verdict: "pass" },
  { file: "ex4_echo_only.py", exercise: 4, verdict: "fail", finding: /^clients don't receive each other's lines$/ },
  { file: "ex4_never_removed.py", exercise: 4, verdict: "fail", finding: /^lines stop reaching the others after a client leaves$/ },
  { file: "ex4_lock_around_recv.py", exercise: 4, verdict: "fail", finding: /^(every client is|one client is|some clients are) stuck while the program still runs$/ },
  { file: "ex4_select_no_except.py", exercise: 4, verdict: "fail", finding: /^the program crashed: ConnectionResetError: \[Errno 104\] Connection reset by peer \(line 16\)$/, never: LOCK_WORDS },

  { file: "ex5_snapshot.py", exercise: 5, verdict: "pass" },
  { file: "ex5_queue_writer.py", exercise: 5, verdict: "pass" },
  { file: "ex5_asyncio.py", exercise: 5, verdict: "pass" },
  { file: "ex5_no_lock_try.py", exercise: 5, verdict: "fail", finding: /^CLIENTS is changed by several threads with no lock held$/ },
  { file: "ex5_select_crash.py", exercise: 5, verdict: "fail", finding: /^the program crashed: ValueError: invalid literal for int\(\) with base 10: b'round 1' \(line \d+\)$/, never: LOCK_WORDS },
  { file: "ex5_python2.py", exercise: 5, verdict: "fail", finding: /^this is Python 2 code: the lab runs Python 3$/ },
  { file: "ex5_lock_per_thread.py", exercise: 5, verdict: "fail", finding: /^each thread has its own lock, so the lock around CLIENTS excludes nothing$/ },
  { file: "ex5_rebuild_no_lock.py", exercise: 5, verdict: "fail", finding: /^clients is changed by several threads with no lock held$/ },
];
