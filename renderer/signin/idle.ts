/**
 * The officer's presence at the board: key presses and pointer use. Reported to the backend
 * (auth.activity) at most every `reportEveryMs`, which keeps the session from the idle lock;
 * and when nothing happened for the lock time, the board locks itself at once instead of
 * waiting for the backend's next answer. Pure, with a clock, so it is tested without timers.
 */
export type IdleTracker = {
  /** A key press or pointer use. Returns true when it should be reported now. */
  input(at: number): boolean;
  /** Whether the lock time has passed since the last input. */
  idle(at: number): boolean;
  reset(at: number): void;
};

export function createIdleTracker(lockAfterMs: () => number, reportEveryMs = 30_000, start = Date.now()): IdleTracker {
  let lastInput = start;
  let lastReport = start;
  return {
    input(at) {
      lastInput = at;
      if (at - lastReport < reportEveryMs) return false;
      lastReport = at;
      return true;
    },
    idle: (at) => at - lastInput >= lockAfterMs(),
    reset(at) {
      lastInput = at;
      lastReport = at;
    },
  };
}
