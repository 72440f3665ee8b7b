import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './ErrorAlert.js';

/** Shows a loader, the error, or the children once data is there. */
export function Loading<T>({
  query,
  children,
}: {
  query: { data?: T; error: unknown; isLoading: boolean };
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <ErrorAlert error={query.error} />;
  if (query.isLoading || query.data === undefined) {
    return (
      <Center mih={200}>
        <Loader />
      </Center>
    );
  }
  return <>{children(query.data)}</>;
}
