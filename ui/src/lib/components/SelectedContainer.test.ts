import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import { makeContainer } from '../../test/fixtures';
import SelectedContainer from './SelectedContainer.svelte';

describe('SelectedContainer', () => {
  it('asks for a pick when nothing is selected', () => {
    render(SelectedContainer, { container: null });
    expect(screen.getByText(/Pick a container from Content/)).toBeInTheDocument();
  });

  it('shows the caption, first comment and badges, with screen-reader labels', () => {
    render(SelectedContainer, {
      container: makeContainer({ caption: 'Hello', firstComment: 'Link in bio', approvalStatus: 'approved' }),
    });
    expect(screen.getByText('Hello')).toBeInTheDocument();
    expect(screen.getByText('Link in bio')).toBeInTheDocument();
    expect(screen.getByText('completed').closest('.badge')).toHaveTextContent('Status: completed');
    expect(screen.getByText('approved').closest('.badge')).toHaveTextContent('Approval: approved');
    expect(screen.queryByTestId('container-blocker')).toBeNull();
  });

  it('says why a container cannot be published', () => {
    render(SelectedContainer, { container: makeContainer({ status: 'processing' }) });
    expect(screen.getByTestId('container-blocker')).toHaveTextContent(
      "Can't publish: status is processing (only completed containers can be published)",
    );
  });

  it('says a rejected container cannot be published', () => {
    render(SelectedContainer, { container: makeContainer({ approvalStatus: 'rejected' }) });
    expect(screen.getByTestId('container-blocker')).toHaveTextContent("Can't publish: it was rejected in review");
  });

  it('warns that a pending container waits for review', () => {
    render(SelectedContainer, { container: makeContainer({ approvalStatus: 'pending' }) });
    expect(screen.queryByTestId('container-blocker')).toBeNull();
    expect(screen.getByText(/waits until the container is approved/)).toBeInTheDocument();
  });
});
