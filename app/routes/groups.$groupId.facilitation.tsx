import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { GroupHeader } from '~/features/groups/components/group-nav'
import { getGroupOverview } from '~/features/groups/groups.server'
import { getGroupFacilitation } from '~/features/facilitation/facilitation.server'
import { FacilitationChart } from '~/features/facilitation/components/facilitation-chart'
import { getDb } from '~/utils/db.server'
import { requireParam, runLoader } from '~/utils/http.server'
import { requireUser } from '~/utils/session.server'

// The group's facilitation across its inquiries' cycles, in time order (issue 19): how much of
// the process runs through the facilitator, and each inquiry's handover plan.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Facilitation — ${data?.group.name ?? 'Group'} — Co-operative inquiry` },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  const groupId = requireParam(params, 'groupId')
  return runLoader(async () => {
    const { group } = await getGroupOverview(getDb(), user, groupId)
    const { inquiries, rows, sentence } = await getGroupFacilitation(getDb(), user, groupId)
    return json({ group, inquiries, rows, sentence })
  })
}

export default function GroupFacilitation() {
  const { group, inquiries, rows, sentence } = useLoaderData<typeof loader>()
  return (
    <article>
      <GroupHeader group={group} current="facilitation" title="Facilitation over the cycles" />
      {group.kind === 'pair' ? (
        <p>A client–practitioner pair has no facilitator role: the two of you share the process.</p>
      ) : (
        <>
          <p>
            How much of each cycle’s process runs through the facilitator, across the group’s inquiries in the order their cycles began: the
            facilitator’s share of the decisions proposed, of the moves on, of the challenges resolved and of the words written in
            reflection phases, each beyond an equal share, averaged (0: no more than anyone else, 1: all of it). A cycle no one facilitated
            counts 0.
          </p>
          <section aria-labelledby="plans-heading">
            <h2 id="plans-heading">Handover plans</h2>
            {inquiries.length === 0 ? (
              <p>The group has no inquiry yet.</p>
            ) : (
              <ul>
                {inquiries.map((i) => (
                  <li key={i.id}>
                    <Link to={`/inquiries/${i.id}/template#handover-heading`}>{i.title}</Link>: {i.plan}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="group-facilitation-heading">
            <h2 id="group-facilitation-heading">Across the inquiries</h2>
            <FacilitationChart rows={rows} sentence={sentence} title="Facilitator dependence per cycle, all inquiries" />
          </section>
        </>
      )}
    </article>
  )
}
