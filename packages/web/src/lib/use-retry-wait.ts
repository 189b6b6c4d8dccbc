import { useNow } from './use-now';

/** While `retryAt` is ahead: the seconds left, to disable a button with "Wait 1:23". */
export function useRetryWait(retryAt: string | undefined): { waiting: boolean; label: string } {
  const target = retryAt ? new Date(retryAt).getTime() : 0;
  const now = useNow(1000, target > Date.now());
  const seconds = Math.max(0, Math.ceil((target - now) / 1000));
  const label = seconds >= 60 ? `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` : `${seconds} s`;
  return { waiting: seconds > 0, label };
}
