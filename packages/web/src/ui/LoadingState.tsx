import { Spinner } from './Spinner';

/** Said, not only drawn: screen readers hear what is loading. */
export function LoadingState({ label, fill = false }: { label: string; fill?: boolean }) {
  return (
    <div className={fill ? 'loading-state loading-state--fill' : 'loading-state'} role="status">
      <Spinner size={20} />
      <span>{label}</span>
    </div>
  );
}
