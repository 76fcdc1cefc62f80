// Whether a task lease's holder is a Kev process that no longer exists (killed, crashed), so a
// restart can take its tasks back at once instead of waiting out the lease.

const HOLDER = /^kev-(\d+)$/;

/** True only for a `kev-<pid>` holder other than this process whose pid is gone; anything unsure is alive. */
export function holderDead(owner: string): boolean {
  const pid = Number(HOLDER.exec(owner)?.[1]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
