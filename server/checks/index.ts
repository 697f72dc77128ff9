// The check engine's public face: run an exercise's checks on a program, or stress a running one.
export { runChecks, type RunChecksOptions } from "./engine";
export { runStress, type StressSummary, type StressTarget } from "./checks-stress";
export { CHECKS } from "./exercises";
export * from "../../shared/check-report";
