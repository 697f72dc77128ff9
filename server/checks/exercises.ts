// Which checks make up each exercise. Later stages keep the earlier behaviour that still applies:
// an echo server is checked for echoing (1-3), a chat server for chatting (4-5).
import type { Exercise } from "../../shared/check-report";
import { abruptLeavers, broadcast, joinAndLeave, othersUnharmed } from "./checks-chat";
import { echoWorks, leavingAlone, nextClients, together } from "./checks-echo";
import { oneLock } from "./checks-lock";
import { slowReader } from "./checks-slow-reader";
import { stress } from "./checks-stress";
import type { CheckDefinition } from "./definition";

export const CHECKS: Record<Exercise, CheckDefinition[]> = {
  1: [echoWorks],
  2: [echoWorks, nextClients],
  3: [nextClients, together, leavingAlone],
  4: [broadcast, joinAndLeave, abruptLeavers],
  5: [broadcast, othersUnharmed, oneLock, stress, slowReader],
};
