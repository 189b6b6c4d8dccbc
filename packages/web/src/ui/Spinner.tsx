import { LoaderCircle } from 'lucide-react';

/** A turning circle; decorative, so the text beside it says what is happening. */
export function Spinner({ size = 16 }: { size?: number }) {
  return <LoaderCircle className="spinner" size={size} aria-hidden="true" />;
}
