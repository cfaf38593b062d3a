import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

/** The pages of a group: the overview and its sub-pages, each a route of its own. */
export type GroupPage =
  'overview' | 'members' | 'ground-rules' | 'facilitation' | 'audit' | 'conflicts' | 'co-counselling' | 'network' | 'settings' | 'leave'

const PAGES: readonly { page: GroupPage; path: string; label: string }[] = [
  { page: 'overview', path: '', label: 'Overview' },
  { page: 'members', path: '/members', label: 'Members and invitations' },
  { page: 'ground-rules', path: '/ground-rules', label: 'Ground rules' },
  { page: 'facilitation', path: '/facilitation', label: 'Facilitation' },
  { page: 'audit', path: '/audit', label: 'Peer review audit' },
  { page: 'conflicts', path: '/conflicts', label: 'Concerns and conflicts' },
  { page: 'co-counselling', path: '/co-counselling', label: 'Co-counselling' },
  { page: 'network', path: '/network', label: 'In the network' },
  { page: 'settings', path: '/settings', label: 'Settings' },
  { page: 'leave', path: '/leave', label: 'Leave or withdraw' },
]

/** Where a group page lives. */
export function groupPagePath(groupId: string, page: GroupPage): string {
  return `/groups/${groupId}${PAGES.find((p) => p.page === page)!.path}`
}

/** The group's own navigation: plain links, so it works with the keyboard and without JavaScript. */
export function GroupNav({ groupId, current }: { groupId: string; current: GroupPage }) {
  return (
    <nav aria-label="This group" className="group-nav">
      <ul>
        {PAGES.map((p) => (
          <li key={p.page}>
            <Link to={groupPagePath(groupId, p.page)} aria-current={p.page === current ? 'page' : undefined}>
              {p.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

type Group = { id: string; name: string; kind: 'inquiry_group' | 'pair' }

export const GROUP_KIND_LABELS = { inquiry_group: 'Inquiry group', pair: 'Client–practitioner pair' } as const

/**
 * The top of every group page: what kind of group, the page's heading (the group's name on the
 * overview, the sub-page's title elsewhere, with the group's name above it) and the navigation.
 */
export function GroupHeader({ group, current, title }: { group: Group; current: GroupPage; title?: ReactNode }) {
  return (
    <header className="group-header">
      <p className="muted">{title ? `${group.name} · ${GROUP_KIND_LABELS[group.kind]}` : GROUP_KIND_LABELS[group.kind]}</p>
      <h1>{title ?? group.name}</h1>
      <GroupNav groupId={group.id} current={current} />
    </header>
  )
}
