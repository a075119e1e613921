/** The floor's one activity: nothing, then tell the benchmark it ran (see floor-worker.ts). */
export interface FloorActivities {
  floorNoop(n: number): Promise<void>;
}

export function floorActivities(done: (n: number) => void): FloorActivities {
  return {
    async floorNoop(n: number): Promise<void> {
      done(n);
    },
  };
}
