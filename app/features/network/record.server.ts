import type { Db } from '~db/connection'
import { findNetworkGroup } from '~db/queries/network'
import { requireMember } from '~/features/membership/membership.server'
import type { SessionUser } from '~/utils/session.server'
import {
  namesMentioned,
  networkRecordHtml,
  networkRecordMarkdown,
  recordFileName,
  type NetworkRecord,
  type NetworkRecordFormat,
  type UriNames,
} from './core/record'
import { getNetworkGroupPage } from './network.server'

// A group's network record (issue 18 item 9): what it published to the network, as a file its
// members download, and as the part of an inquiry's archive that says where its group stands.
// Only the group's own publication, with the names of the groups and proposals it mentions.

const CONTENT_TYPES: Record<NetworkRecordFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
}

/** The group's publication with the names of the groups and federal proposals in it. Throws "not found" outside the network. */
async function readRecord(db: Db, user: SessionUser, groupId: string): Promise<NetworkRecord> {
  const page = await getNetworkGroupPage(db, user, groupId)
  const names: UriNames = {
    ...page.nameOf,
    ...Object.fromEntries(Object.entries(page.proposalTitles).map(([uri, p]) => [uri, p.title])),
  }
  return { publication: page.publication, names: namesMentioned(page.publication, names) }
}

/** The group's network record as a download, for its members only: Markdown or a standalone HTML page. */
export async function getNetworkRecord(db: Db, user: SessionUser, groupId: string, format: NetworkRecordFormat) {
  await requireMember(db, user.id, groupId)
  const { publication, names } = await readRecord(db, user, groupId)
  const body = format === 'md' ? networkRecordMarkdown(publication, names) : networkRecordHtml(publication, names)
  return { body, contentType: CONTENT_TYPES[format], filename: recordFileName(publication.name, format) }
}

/**
 * The record an archive of one of the group's inquiries carries, or undefined for a group not
 * in the network. The caller has checked that `reader` is a current member of the group.
 */
export async function findArchivedNetworkRecord(db: Db, reader: SessionUser, groupId: string): Promise<NetworkRecord | undefined> {
  if (!(await findNetworkGroup(db, groupId))) return undefined
  return readRecord(db, reader, groupId)
}
