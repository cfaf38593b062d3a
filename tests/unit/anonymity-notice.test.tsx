import type { ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server'
import { describe, expect, test } from 'vitest'
import { AnonymityLimits, AnonymousTally } from '~/features/decisions/components/anonymity'
import { ProposalOptionsFields } from '~/features/decisions/components/proposal-options'

// What the interface says about anonymous stances (issue 13, item 4): what anonymity hides, and
// what it does not, in plain words beside every place a group chooses or uses it.

/** Renders a form field as a page would: inside a data router (the field reads its form's failed submission). */
async function onPage(element: ReactElement): Promise<string> {
  const { query, dataRoutes } = createStaticHandler([{ path: '/', element }])
  const context = await query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error('the test page redirected')
  return renderToStaticMarkup(<StaticRouterProvider router={createStaticRouter(dataRoutes, context)} context={context} />)
}

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')

describe('the statement of what anonymity hides and does not', () => {
  test('names what it hides: who took which stance, whose reason, when, in what order, who has not yet', () => {
    const said = text(renderToStaticMarkup(<AnonymityLimits />))
    expect(said).toContain(
      'It hides who took which stance, who gave which reason, when each stance was taken and in what order, and who has or has not taken one yet',
    )
    expect(said).toContain('everyone sees only how many have')
    expect(said).toContain('not in the order given')
    expect(said).toContain('Each stance is final')
  })

  test('names what it does not hide: who once everyone has, a unanimous tally, the count going up, your wording, a group of two', () => {
    const said = text(renderToStaticMarkup(<AnonymityLimits />))
    expect(said).toContain('It does not hide who has taken a stance once the count says everyone has')
    expect(said).toContain('everyone’s stance when the tally is unanimous')
    expect(said).toContain('that the count went up, to anyone watching it at that moment')
    expect(said).toContain('your own way of putting a reason')
    expect(said).toContain('Placeholder seats are not counted')
    expect(said).toContain('In a group of two it hides nothing: each of you can tell the other’s stance from your own and the tally.')
    expect(said).toContain('at least three members who can take a stance')
  })

  test("adds the warning for this group's size when there is one", () => {
    expect(text(renderToStaticMarkup(<AnonymityLimits warning="With 3 members, anonymity hides little." />))).toContain(
      'With 3 members, anonymity hides little.',
    )
  })
})

describe('the box on a proposal form', () => {
  test('is a labelled checkbox with its hint and, when refused, its error beside it', async () => {
    const html = await onPage(<ProposalOptionsFields idPrefix="propose" error="Too few." />)
    expect(html).toContain('name="anonymousStances"')
    expect(html).toContain('for="propose-anonymousStances"')
    expect(html).toContain('aria-describedby="propose-anonymousStances-hint propose-anonymousStances-error"')
    expect(html).toContain('aria-invalid="true"')
    expect(text(html)).toContain('Stances on this proposal are anonymous')
    expect(text(html)).toContain('agree included')
    expect(html).toContain('type="datetime-local"')
    expect(text(html)).toContain('The proposal stays open until every member has taken a stance, or until this time')
  })

  test('says the inquiry is already anonymous instead of offering it, and where the group is too small says why instead of offering a box', async () => {
    expect(text(await onPage(<ProposalOptionsFields anonymity={{ inquiryAnonymous: true, possible: true }} />))).toContain(
      'Stances on this inquiry’s proposals are anonymous: the group decided so.',
    )
    const small = await onPage(<ProposalOptionsFields anonymity={{ inquiryAnonymous: false, possible: false, voters: 2 }} />)
    expect(small).not.toContain('name="anonymousStances"')
    // The closing time is offered on every proposal form, anonymous or not.
    expect(small).toContain('name="closesAt"')
    expect(text(small)).toContain(
      'Stances on this proposal are given by name. Anonymity needs at least three members who can take a stance (here there are 2): in a group of two it hides nothing.',
    )
    // Refused anyway (a request from an old page): the box comes back, with its error beside it.
    expect(
      await onPage(<ProposalOptionsFields anonymity={{ inquiryAnonymous: false, possible: false, voters: 2 }} error="Too few." />),
    ).toContain('name="anonymousStances"')
  })
})

test('a closed anonymous tally lists counts per stance and reasons in the order given to it, with no names', () => {
  const html = renderToStaticMarkup(
    <AnonymousTally
      tally={{ agree: 2, abstain: 0, disagree: 0, block: 1 }}
      reasons={[
        { stance: 'agree', reason: 'About time.' },
        { stance: 'block', reason: 'Not like this.' },
      ]}
    />,
  )
  const said = text(html)
  expect(said).toContain('Agree Abstain Disagree Block 2 0 0 1')
  expect(said.indexOf('Agree: About time.')).toBeLessThan(said.indexOf('Block: Not like this.'))
  expect(said).toContain('not in the order given')
})
