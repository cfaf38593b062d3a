// Demo content for the co-operative inquiry platform: six counsellors inquiring
// into how they handle silence with clients. Data only; no imports.
// Client confidentiality: no record names or identifies a client.

export type DemoPersonKey = 'amara' | 'bernard' | 'carys' | 'dev' | 'elena' | 'finn'
type DemoWayOfKnowing = 'experiential' | 'presentational' | 'propositional' | 'practical'
type DemoPhaseKey = 'reflection-planning' | 'action-experience' | 'action-immersion' | 'reflection-sense-making'
export type DemoStance = {
  person: DemoPersonKey
  stance: 'agree' | 'abstain' | 'disagree' | 'block'
  reason?: string
}

export const demoPeople: { key: DemoPersonKey; displayName: string; email: string }[] = [
  // Amara is the group's facilitator.
  { key: 'amara', displayName: 'Amara O.', email: 'amara@demo.inquiry.local' },
  { key: 'bernard', displayName: 'Bernard K.', email: 'bernard@demo.inquiry.local' },
  { key: 'carys', displayName: 'Carys M.', email: 'carys@demo.inquiry.local' },
  { key: 'dev', displayName: 'Dev P.', email: 'dev@demo.inquiry.local' },
  { key: 'elena', displayName: 'Elena R.', email: 'elena@demo.inquiry.local' },
  { key: 'finn', displayName: 'Finn T.', email: 'finn@demo.inquiry.local' },
]

export const demoGroup: { name: string; groundRules: string } = {
  name: 'Thursday Counsellors Peer Group',
  groundRules: [
    "We never write a client's name or any detail that could identify them; we describe clients only as far as the inquiry needs.",
    'What is said in this group stays in this group.',
    'Each of us has the final say on what our own experience was and what it means.',
    'Anyone may withdraw from an activity, a cycle or the inquiry without having to explain why.',
    'If the work stirs up distress, we make time for it before we go on.',
    'We challenge one another with care, and we welcome being challenged.',
  ].join('\n'),
}

export const demoInquiry: { title: string; question: string } = {
  title: 'Staying with silence',
  question:
    'What happens in us, and between us and our clients, when a session falls silent - and how do we choose whether to stay with it or break it?',
}

export const demoCycles: {
  number: 1 | 2 | 3
  /**
   * Who proposes the cycle's focus, then each move on in turn (the last named proposes the rest):
   * Amara, the facilitator, proposes everything in cycle 1, shares it in cycle 2 and leaves it to
   * others in cycle 3, so the facilitator's share falls over the demo (issue 19).
   */
  proposers: DemoPersonKey[]
  focus: string
  focusStances: DemoStance[]
  skipImmersion: boolean
  plans: { person: DemoPersonKey; action: string; recording: string }[]
  moveOnStances: DemoStance[]
  records: {
    author: DemoPersonKey
    phase: DemoPhaseKey
    wayOfKnowing: DemoWayOfKnowing
    visibility: 'group' | 'private'
    daysAgo: number
    text: string
  }[]
}[] = [
  // ---------------------------------------------------------------------------
  // Cycle 1: noticing our own anxiety and the urge to fill silence
  // ---------------------------------------------------------------------------
  {
    number: 1,
    proposers: ['amara'],
    focus:
      'To notice what happens in ourselves when a session falls silent - body, thoughts and the urge to speak - before we try to change anything we do.',
    focusStances: [
      // Cycle 1 is the demo's collusive cycle: everyone agrees at once, and no one says why.
      { person: 'amara', stance: 'agree' },
      { person: 'bernard', stance: 'agree' },
      { person: 'carys', stance: 'agree' },
      { person: 'dev', stance: 'agree' },
      { person: 'elena', stance: 'agree' },
      { person: 'finn', stance: 'agree' },
    ],
    skipImmersion: true,
    plans: [
      {
        person: 'amara',
        action:
          'In every session for three weeks, notice the moment I feel the pull to break a silence and wait one breath before acting on it.',
        recording: 'Brief notes straight after each session: what I felt in my body, what I did, and what happened next.',
      },
      {
        person: 'bernard',
        action: 'With two long-term clients, roughly time the silences by the clock behind the chair and note who speaks first.',
        recording:
          'A running log after each session with approximate lengths and who broke the silence, plus one reflective paragraph a week.',
      },
      {
        person: 'carys',
        action:
          'In my surgery sessions, which are six-session contracts, notice whether the time pressure changes how long I can tolerate a silence.',
        recording: 'A line or two in a notebook kept in my bag, written in the car before I drive home.',
      },
      {
        person: 'dev',
        action:
          'Track my own body during silences, and watch for any signs of a client freezing or drifting away, especially with clients who have trauma histories.',
        recording: 'A quick body-map sketch and a few lines of notes after each session.',
      },
      {
        person: 'elena',
        action: 'Notice what I tell myself a silence means, and ask whether that reading comes from the client or from my own history.',
        recording: 'Voice memos on the walk home, transcribed later with any identifying detail taken out.',
      },
      {
        person: 'finn',
        action: 'With the students I see, notice each time I fill a silence with a question, and what kind of question it was.',
        recording: 'A daily tally of questions asked into silence, with a short reflection at the end of each day.',
      },
    ],
    moveOnStances: [
      { person: 'amara', stance: 'agree' },
      { person: 'bernard', stance: 'agree' },
      { person: 'carys', stance: 'agree' },
      { person: 'dev', stance: 'agree' },
      { person: 'elena', stance: 'agree' },
      { person: 'finn', stance: 'agree' },
    ],
    records: [
      {
        author: 'amara',
        phase: 'reflection-planning',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 80,
        text: `At our first meeting I noticed how quickly we all agreed that silence is "good" in therapy. I want us to hold that loosely. If we start from the assumption that staying silent is the skilled thing, we will only end up recording the times we failed at it. I suggested we notice first and judge later, and I'm writing it here so you can hold me to it.`,
      },
      {
        author: 'finn',
        phase: 'reflection-planning',
        wayOfKnowing: 'experiential',
        visibility: 'private',
        daysAgo: 79,
        text: `During the check-in there was a pause of maybe ten seconds after Bernard spoke, and I felt my face go hot. I very nearly said something just to end it. I'm keeping this private because it's a bit embarrassing: I'm meant to be researching silence and I can't sit in one with five colleagues.`,
      },
      {
        author: 'amara',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'group',
        daysAgo: 76,
        text: `A woman I have seen for about a year stopped mid-sentence and looked at the floor. Within two or three seconds my jaw had tightened and I had a sentence ready, a neat reflection of what she had just said. I waited the one breath I had planned, then another. She began again, quieter, with something she had not said before. I noticed my relief was as much about my own discomfort ending as about her speaking.`,
      },
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 74,
        text: `First week of the log. Across six sessions with my two long-term clients, I broke the silence first eleven times out of fourteen, and most of the silences I broke were under thirty seconds. That surprised me; I would have told you I was comfortable with silence. I suspect "comfortable" has meant comfortable with the silences I choose to allow.`,
      },
      {
        author: 'carys',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'group',
        daysAgo: 73,
        text: `Session four of six with a man referred for low mood. He went quiet, and I caught myself glancing at the clock and thinking "only two left". I spoke to fill it, asking about his sleep, which we had already covered. Sitting in the car afterwards I realised the hurry was mine, not his. He hasn't once mentioned how many sessions we have.`,
      },
      {
        author: 'dev',
        phase: 'action-experience',
        wayOfKnowing: 'presentational',
        visibility: 'group',
        daysAgo: 72,
        text: `Body-map from Tuesday: heat in my chest, cold hands, a band round my forehead during a long pause. I left the client's side of the page blank, because I genuinely didn't know what was happening for her, and that blankness is what frightened me. It was like looking at a house at night with no lights on and not knowing whether anyone is home.`,
      },
      {
        author: 'elena',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'private',
        daysAgo: 71,
        text: `A client went silent and I was suddenly, very precisely, back in my grandmother's kitchen after an argument, when nobody spoke for a whole meal. I was certain the client was angry with me. When she spoke, she said she had been trying to remember a word. I'm keeping the story private for now, but I want to bring the theme to the group: I think I hear silence as anger.`,
      },
      {
        author: 'finn',
        phase: 'action-experience',
        wayOfKnowing: 'practical',
        visibility: 'group',
        daysAgo: 70,
        text: `Tally for the week: 23 questions asked into silence across 14 sessions with students. When I sorted them afterwards, 15 were checking questions ("Is that OK?", "Does that make sense?"), which are really about me, not them. Only four were genuinely open. Next week I'm going to replace the checking questions with nothing and see what happens.`,
      },
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'presentational',
        visibility: 'group',
        daysAgo: 68,
        text: `An image that came to me while writing up the log: I am the man at the station who cannot bear an empty platform and keeps announcing trains that are not coming. The client is waiting for her own train. My announcements are well meant, and they are noise.`,
      },
      {
        author: 'dev',
        phase: 'action-experience',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 66,
        text: `I want to put this down early because I think it will matter to us. With a young man in his second session, a silence of about a minute led to his eyes glazing and his breathing going shallow; I think he was starting to dissociate. Staying silent would not have been kind. Bringing him back, feet on the floor and naming things in the room, was the right call. I'm wary of us treating "tolerating silence" as a virtue in itself.`,
      },
      {
        author: 'carys',
        phase: 'action-experience',
        wayOfKnowing: 'practical',
        visibility: 'group',
        daysAgo: 64,
        text: `I tried something small: when I feel the pull to speak, I put my pen down and rest my hands in my lap. It gives my body something to do that isn't talking. Three times this week I stayed with silences I would normally have cut short, and in one of them the client filled it herself with something that changed the direction of the work.`,
      },
      {
        author: 'elena',
        phase: 'reflection-sense-making',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 60,
        text: `Looking at our records together, nearly all of us wrote about our own discomfort and almost nothing about what the client was doing in the silence. This first cycle has been a study of the counsellor's anxiety. That seems a necessary first step, but I'd like us to turn outward next: what kinds of silence are we actually in?`,
      },
      {
        author: 'amara',
        phase: 'reflection-sense-making',
        wayOfKnowing: 'presentational',
        visibility: 'group',
        daysAgo: 58,
        text: `When we laid the records out on the floor, I asked each of us to put a stone by the one that stirred us most. Five of the six stones ended up by Dev's house with no lights on and Bernard's station announcer. The images held more for us than the tallies did, and I think we should make more room for them next time.`,
      },
      {
        author: 'finn',
        phase: 'reflection-sense-making',
        wayOfKnowing: 'experiential',
        visibility: 'group',
        daysAgo: 57,
        text: `Hearing that Bernard, after thirty years of practice, also breaks most silences made something loosen in my shoulders. I had assumed the anxiety was a beginner's problem that I would grow out of. It seems more like something each of us keeps a relationship with.`,
      },
      // Bernard's long log entries: in cycle 1 one voice carries much of the group's record.
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 74,
        text: `Second week of the log, and I want to set out what I think is going on, because I have been doing this work for thirty years and I have seen this pattern before. When a counsellor breaks a silence, it is almost always to relieve their own discomfort, not the client's. The question we ask into the silence is a way of handing the anxiety back. I would go further: most of what we call 'checking in' with a client during a pause is a polite form of rescue. If we are honest, the group's records so far bear this out, and I think we should say so plainly in our themes.`,
      },
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'group',
        daysAgo: 72,
        text: `With my Tuesday long-term client the silence lasted, by my count, forty seconds. I noticed my breathing change at about twenty. At thirty I had a question ready and I held it. She then said something she has not said in two years of work with me. I do not want to make too much of one session, but it confirmed what I wrote last week: the urge to fill is ours, and when we contain it, the client moves. I think the rest of the group will find the same if they hold their nerve for a few more seconds than feels comfortable.`,
      },
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 70,
        text: `A note on method, since we are meant to be co-researchers. Our records are mostly short and impressionistic. I have been keeping a fuller log: time of silence, who broke it, what was said next. Across nine sessions this week I broke the silence first seven times, and in each case the next thing the client said was shorter than what they had been saying before the pause. I would suggest we all adopt this log format next cycle; it would make the sense-making far more rigorous than swapping impressions.`,
      },
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'practical',
        visibility: 'group',
        daysAgo: 68,
        text: `Practical point for the group: I have found that counting breaths, rather than seconds, keeps me in the room during a silence. Four breaths in, and then I let the question go. I have taught this to two supervisees already and both report the same. I would like us to agree this as the group's method for the next cycle, so that we are all doing the same thing and our records can be compared properly.`,
      },
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'group',
        daysAgo: 66,
        text: `Another forty-second silence, this time with a client I find difficult. I held it. She cried, quietly, and then talked about her father. I have no doubt now that what we are learning is simply that the counsellor's anxiety is the obstacle, and that our task as a group is to help each other sit with it. I will say this at the meeting, and I hope we can agree it as our first finding.`,
      },
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 63,
        text: `Summary of my log for the cycle: 31 silences over 5 seconds, 22 broken by me, 9 by the client. In 7 of the 9 the client went somewhere new. In 3 of my 22 they did. I think that settles the question for this cycle, and I will propose at sense-making that our theme is simply 'the urge to fill the silence is ours, and holding it helps the client'.`,
      },
    ],
  },

  // ---------------------------------------------------------------------------
  // Cycle 2: distinguishing kinds of silence and staying longer where it is safe
  // ---------------------------------------------------------------------------
  {
    number: 2,
    proposers: ['amara', 'amara', 'carys'],
    focus:
      'To distinguish the kinds of silence we meet - productive, withdrawn, hostile, shame-laden and any others we find - and, where it feels safe for the client, to stay with a silence longer than our first impulse allows.',
    focusStances: [
      { person: 'amara', stance: 'agree' },
      { person: 'bernard', stance: 'agree' },
      { person: 'carys', stance: 'agree' },
      {
        person: 'dev',
        stance: 'disagree',
        reason:
          'Making "staying longer" a goal risks leaving some clients alone in freeze or shame; I will take part, but I want "where it feels safe" to be taken seriously.',
      },
      { person: 'elena', stance: 'agree', reason: 'I would like us to notice the cultural meanings of silence alongside the kinds.' },
      { person: 'finn', stance: 'agree' },
    ],
    skipImmersion: false,
    plans: [
      {
        person: 'amara',
        action: 'Before speaking into a silence, name to myself which kind it seems to be, then decide whether to stay or speak.',
        recording: 'A short grid after each session: my guess at the kind of silence, what I did, and what the client said afterwards.',
      },
      {
        person: 'bernard',
        action:
          "With my two long-term clients, let silences run at least twice as long as last cycle's log showed I usually allow, unless the client shows distress.",
        recording: 'Continue the timed log, adding a note on what the client brought after each silence.',
      },
      {
        person: 'carys',
        action: 'Keep the pen-down practice and ask myself "whose hurry is this?" before I speak into a silence.',
        recording: 'The notebook in the car, plus one drawing a week.',
      },
      {
        person: 'dev',
        action:
          'Watch for signs of freeze or shame in a silence and try a light contact intervention, such as a soft "I\'m here", rather than waiting it out.',
        recording: 'Notes on the signs I saw, what I did, and how the client came back.',
      },
      {
        person: 'elena',
        action:
          'Pay attention to how clients from different backgrounds seem to use and value silence, and to what my own background brings into the room.',
        recording: 'Voice memos as before, plus a written reflection at the end of each week.',
      },
      {
        person: 'finn',
        action: 'Drop checking questions altogether and stay in silences with students, noting what kind of silence each one seemed to be.',
        recording: 'The daily tally, with a one-line description of each silence.',
      },
    ],
    moveOnStances: [
      { person: 'amara', stance: 'agree' },
      { person: 'bernard', stance: 'agree' },
      { person: 'carys', stance: 'agree' },
      {
        person: 'dev',
        stance: 'agree',
        reason: 'Agreed, now that we have said any of us can end a silence at once if a client looks unsafe.',
      },
      { person: 'elena', stance: 'agree' },
      { person: 'finn', stance: 'agree' },
    ],
    records: [
      {
        author: 'dev',
        phase: 'reflection-planning',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 54,
        text: `I said this in the meeting and want it on the record: for some clients a long silence is not space, it is abandonment. Someone who has been ignored or frozen out can experience my quiet as a repeat of that. I'm glad we are distinguishing kinds of silence, but I don't want "staying longer" to become the measure of a good counsellor.`,
      },
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'practical',
        visibility: 'group',
        daysAgo: 50,
        text: `Doubling my silences. With one long-term client I let a silence run to just under three minutes by the clock. It took real effort, and at one point I was counting my breaths, which I'm not proud of. Then she said, "I was waiting to see if you would rescue me." We spent the rest of the session on that.`,
      },
      {
        author: 'amara',
        phase: 'action-experience',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 49,
        text: `After ten sessions my grid suggests I guess the kind of silence right perhaps half the time, judging by what the client says afterwards. The categories help me pause, but I notice how much I want to be right about them. Perhaps naming it to myself is useful for slowing me down rather than for accuracy.`,
      },
      {
        author: 'elena',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'group',
        daysAgo: 48,
        text: `After a long pause, a client whose first language isn't English told me that in her family you do not answer a serious question quickly, because a quick answer means you haven't taken it seriously. I had been feeling the pause as reluctance. It made me think about how much of my sense of a "normal" silence was learned at my own family's table.`,
      },
      {
        author: 'carys',
        phase: 'action-experience',
        wayOfKnowing: 'presentational',
        visibility: 'group',
        daysAgo: 47,
        text: `My drawing this week: a silence like snow falling on a field. Not empty; something is settling and softening the outlines. A young woman sat with her hands round her tea for what felt like a long time, then said she had never told anyone what she was about to tell me. A month ago I think I would have trodden all over the snow.`,
      },
      {
        author: 'finn',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'group',
        daysAgo: 46,
        text: `A student sat with his arms folded, looking past me out of the window, and the silence had a completely different temperature from the thoughtful ones. I stayed with it, as planned, and it got colder. After five minutes or so he said, "So is this what you do, just sit there?" I think it was a testing, hostile silence, and my staying in it felt to him like a game being played on him.`,
      },
      {
        author: 'dev',
        phase: 'action-experience',
        wayOfKnowing: 'practical',
        visibility: 'group',
        daysAgo: 44,
        text: `With a woman I have seen for a few months, a silence began and I saw her shoulders rise and her gaze drop. Instead of waiting, I said quietly, "Take your time, I'm still here." Her breathing slowed and after a while she went on. This may be the middle way I'm looking for: not filling the silence with content, but letting her know she isn't alone in it.`,
      },
      {
        author: 'finn',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'private',
        daysAgo: 42,
        text: `I keep going back to the student who asked if I was "just sitting there". In the moment I felt about fourteen, caught out by a teacher. My dad used silence as a punishment, and I think part of me wanted to prove I could outlast someone. That is not a good reason to stay in a silence. Keeping this to myself for now; I may take it to my own therapy.`,
      },
      {
        author: 'elena',
        phase: 'action-immersion',
        wayOfKnowing: 'presentational',
        visibility: 'group',
        daysAgo: 38,
        text: `The silence felt like standing at the edge of a frozen lake, wanting to test the ice with one foot before putting my whole weight on it. The client and I were both standing there. I think my job was neither to walk out first nor to pull her back to the shore, but to stand with her until one of us could tell whether the ice would hold.`,
      },
      {
        author: 'bernard',
        phase: 'action-immersion',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 36,
        text: `Something the plan didn't foresee: silences change once they have been talked about. With both long-term clients, after we had spoken about a long silence, the next ones were lighter and shorter. It is as if a silence that has been survived and named no longer needs to be so long. I'm no longer sure "longer" was ever the right thing to measure.`,
      },
      {
        author: 'amara',
        phase: 'action-immersion',
        wayOfKnowing: 'experiential',
        visibility: 'private',
        daysAgo: 34,
        text: `A shame-laden silence today: a client had just told me something about her body and then couldn't look at me. I stayed quiet, as our plan said, and felt almost at once that it was wrong; my quiet was adding to her exposure. I said something small and warm, and she cried. I'm writing this privately because I got it wrong before I got it right, and I want to sit with that before I bring it to the group.`,
      },
      {
        author: 'carys',
        phase: 'action-immersion',
        wayOfKnowing: 'practical',
        visibility: 'group',
        daysAgo: 33,
        text: `I've started watching a client's hands and feet during a silence rather than their face. Hands that are still or moving softly usually come with a silence that is doing something; feet wrapped round the chair legs or hands gripping each other have gone with the withdrawn or frightened ones. It's a rough guide, not a rule, but it gives my attention somewhere to go other than my own discomfort.`,
      },
      {
        author: 'dev',
        phase: 'reflection-sense-making',
        wayOfKnowing: 'presentational',
        visibility: 'group',
        daysAgo: 29,
        text: `What I offered in sense-making: a silence is like a room I'm invited into. Some rooms are workshops where the client is busy making something, and I should sit quietly in a corner. Some are cellars where the light has gone out, and sitting quietly in the dark is no help to anyone. Our work is learning which room we're in, and we can't always tell from the doorway.`,
      },
      {
        author: 'finn',
        phase: 'reflection-sense-making',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 26,
        text: `Our kinds of silence only partly held up. Productive and withdrawn were easy for everyone to recognise; hostile and shame-laden were harder, and several of us, me included, mistook one for the other. I'd propose we stop trying to diagnose silences from the outside and ask the client about them instead, which I think is where the group is heading.`,
      },
    ],
  },

  // ---------------------------------------------------------------------------
  // Cycle 3 (in progress): naming silence aloud and asking the client about it
  // ---------------------------------------------------------------------------
  {
    number: 3,
    proposers: ['elena'],
    focus:
      'To name silence aloud with clients and, where it seems right, ask them what the silence is like for them, so that the client rather than the counsellor says what kind of silence it is.',
    focusStances: [
      { person: 'amara', stance: 'agree' },
      {
        person: 'bernard',
        stance: 'abstain',
        reason: 'Naming a silence can be an interpretation in disguise; I will try it, but I am not persuaded yet.',
      },
      { person: 'carys', stance: 'agree' },
      { person: 'dev', stance: 'agree', reason: 'This fits what I found last cycle: contact without content.' },
      { person: 'elena', stance: 'agree' },
      { person: 'finn', stance: 'agree' },
    ],
    skipImmersion: true,
    plans: [
      {
        person: 'amara',
        action:
          "Where a silence has gone on, say something like \"We've gone quiet - I'm wondering what that's like for you?\" at least once a session, and follow what comes.",
        recording: "The grid again, now with the client's own words about the silence where they offer them.",
      },
      {
        person: 'bernard',
        action:
          'Ask about silences only after they have ended, rather than interrupting them, and compare what clients say with what I would have interpreted.',
        recording: "The timed log, plus the client's description written as close to verbatim as I can without identifying detail.",
      },
      {
        person: 'carys',
        action:
          'In first sessions, say a sentence about silence being welcome and about clients being free to tell me if it feels uncomfortable.',
        recording: 'The notebook in the car, noting whether clients refer back to it later.',
      },
      {
        person: 'dev',
        action:
          'When clients with trauma histories are grounded, ask what helps them in silences and agree a signal they can use if a silence becomes too much.',
        recording: 'Notes on the agreements we reach and whether and how they get used.',
      },
      {
        person: 'elena',
        action:
          'Where it fits, ask clients what silence meant in the families or places they grew up, and notice my own assumptions as they answer.',
        recording: 'Voice memos, transcribed, with a written reflection each week.',
      },
      {
        person: 'finn',
        action: 'With students, name a tense silence lightly, with some humour if it fits, and ask what it is like for them.',
        recording: 'One line per silence in the daily log, with what the student said about it.',
      },
    ],
    moveOnStances: [
      { person: 'amara', stance: 'agree' },
      { person: 'bernard', stance: 'agree', reason: 'I would rather test my doubts in practice than argue them here.' },
      { person: 'carys', stance: 'agree' },
      { person: 'dev', stance: 'agree' },
      { person: 'elena', stance: 'agree' },
      { person: 'finn', stance: 'agree' },
    ],
    records: [
      {
        author: 'bernard',
        phase: 'reflection-planning',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 19,
        text: `To explain my abstention: when I name a silence, I am choosing which silence to name and when, and that choice carries my reading of it. "We've gone quiet" can sound neutral and still be a nudge. I'll try it in the spirit of the inquiry and record honestly if my worry turns out to be unfounded.`,
      },
      {
        author: 'elena',
        phase: 'reflection-planning',
        wayOfKnowing: 'experiential',
        visibility: 'private',
        daysAgo: 18,
        text: `Talking in the group about what silence means in different cultures stirred up more than I expected. At home, my mother's silence meant we had done something wrong and had to work out what. I notice I'm keener to ask clients about their families' silences than to look at my own. Writing it here to keep myself honest.`,
      },
      {
        author: 'amara',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'group',
        daysAgo: 14,
        text: `I said, "We've gone quiet - I'm wondering what that's like for you?" to a woman I have seen for over a year. She smiled and said, "Nice. It's the only place I'm allowed to be quiet." I would have guessed that silence was a withdrawn one. Her answer taught me more than three weeks of my grid.`,
      },
      {
        author: 'dev',
        phase: 'action-experience',
        wayOfKnowing: 'practical',
        visibility: 'group',
        daysAgo: 12,
        text: `With a client who tends to freeze, we agreed she can touch the arm of the chair if a silence starts to feel like too much, and I will then speak gently about the room. She used it once this week, after about forty seconds. The signal seems to give her some control over the silence: later in the same session she stayed in a much longer one without using it.`,
      },
      {
        author: 'finn',
        phase: 'action-experience',
        wayOfKnowing: 'presentational',
        visibility: 'group',
        daysAgo: 10,
        text: `A student and I were in one of those stiff, arms-folded silences. I said, "This feels a bit like waiting for a bus that neither of us is sure is coming." He laughed and said it was more like being sent to the head's office. That image opened up a whole conversation about being summoned and judged, which is what coming here feels like to him.`,
      },
      {
        author: 'carys',
        phase: 'action-experience',
        wayOfKnowing: 'propositional',
        visibility: 'group',
        daysAgo: 8,
        text: `Three of the four new clients I spoke to about silence in their first session have referred back to it since; one said, "I'm using that silence thing you said." A brief permission at the start seems to change what a silence means later: less a test, more an option. In a six-session contract that may matter more than anything I do in the middle of a silence.`,
      },
      {
        author: 'elena',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'group',
        daysAgo: 5,
        text: `I asked a man in his fifties what silence was like when he was growing up. He said there wasn't any, it was a loud house, and that silence here unnerves him because it feels like the moment before something goes wrong. I had been treating his talking as avoidance. Now I think it may be how he keeps himself safe, and that silence will have to be earned slowly.`,
      },
      {
        author: 'bernard',
        phase: 'action-experience',
        wayOfKnowing: 'experiential',
        visibility: 'private',
        daysAgo: 2,
        text: `After a silence had ended, I asked a long-term client what it had been like. She said she had been wondering whether I was bored. I was a little bored, and I felt caught. I don't yet know what to do with that, but her reading was more accurate than any interpretation I might have offered.`,
      },
    ],
  },
]

// Sense-making: the themes the group named, which records it linked to each (by cycle and
// index into that cycle's records above), and both rating rounds. Members in the order
// amara, bernard, carys, dev, elena, finn.

export type DemoThemeKey = 'fill' | 'body' | 'abandon' | 'discomfort' | 'clock' | 'kinds' | 'culture' | 'naming'

export const demoThemes: {
  key: DemoThemeKey
  name: string
  description: string
  proposer: DemoPersonKey
  cycle: 1 | 2
  links: { cycle: 1 | 2; index: number; by: DemoPersonKey }[]
  /** Merged into another theme before the cycle's ratings. */
  mergeInto?: DemoThemeKey
}[] = [
  {
    key: 'fill',
    name: 'The urge to fill the silence',
    proposer: 'bernard',
    cycle: 1,
    description: 'The pull, felt by almost all of us, to break a silence with a question, a reflection or a reassurance.',
    links: [
      { cycle: 1, index: 2, by: 'amara' },
      { cycle: 1, index: 3, by: 'bernard' },
      { cycle: 1, index: 7, by: 'finn' },
      { cycle: 1, index: 8, by: 'bernard' },
      { cycle: 2, index: 1, by: 'bernard' },
    ],
  },
  {
    key: 'clock',
    name: 'Clock-watching',
    proposer: 'carys',
    cycle: 1,
    description: 'Glancing at the time when a session goes quiet.',
    links: [{ cycle: 1, index: 4, by: 'carys' }],
    mergeInto: 'fill',
  },
  {
    key: 'body',
    name: 'Silence is felt in the body first',
    proposer: 'bernard',
    cycle: 1,
    description: 'Heat, cold hands, a tight chest: the body registers a silence before the mind names it.',
    links: [
      { cycle: 1, index: 5, by: 'dev' },
      { cycle: 1, index: 10, by: 'carys' },
      { cycle: 2, index: 6, by: 'dev' },
      { cycle: 2, index: 11, by: 'carys' },
    ],
  },
  {
    key: 'abandon',
    name: 'For some clients silence is abandonment',
    proposer: 'dev',
    cycle: 1,
    description: 'A long silence can repeat an old experience of being left alone; staying with it is then not neutral.',
    links: [
      { cycle: 1, index: 9, by: 'dev' },
      { cycle: 2, index: 0, by: 'dev' },
    ],
  },
  {
    key: 'discomfort',
    name: 'It is our discomfort, not the client’s',
    proposer: 'bernard',
    cycle: 1,
    description: 'We mostly wrote about our own unease; we know little of what the silence is like for the client.',
    links: [
      { cycle: 1, index: 11, by: 'elena' },
      { cycle: 1, index: 12, by: 'amara' },
    ],
  },
  {
    key: 'kinds',
    name: 'There are different kinds of silence',
    proposer: 'finn',
    cycle: 2,
    description: 'Productive, withdrawn, hostile, shame-laden: the kind matters more than the length.',
    links: [
      { cycle: 2, index: 2, by: 'amara' },
      { cycle: 2, index: 5, by: 'finn' },
      { cycle: 2, index: 12, by: 'dev' },
      { cycle: 2, index: 13, by: 'finn' },
    ],
  },
  {
    key: 'culture',
    name: 'Silence carries culture and family',
    proposer: 'elena',
    cycle: 2,
    description: 'What a silence means is learned at home and differs between cultures, for clients and for us.',
    links: [{ cycle: 2, index: 3, by: 'elena' }],
  },
  {
    key: 'naming',
    name: 'Naming the silence changes it',
    proposer: 'bernard',
    cycle: 2,
    description: 'Once a silence has been talked about, it becomes a shared thing rather than a test.',
    links: [
      { cycle: 2, index: 9, by: 'bernard' },
      { cycle: 2, index: 8, by: 'elena' },
    ],
  },
]

type Six = [number, number, number, number, number, number]

export const demoRatings: {
  cycle: 1 | 2
  theme: DemoThemeKey
  blind: Six
  /** Open-round re-ratings: only members who moved; a reason where they gave one. */
  open?: { person: DemoPersonKey; value: number; reason?: string }[]
}[] = [
  // Cycle 1. "fill" is convergent and endorsed; "abandon" divides the group; "discomfort"
  // collapses from wide disagreement to unanimity after discussion, with no reasons given.
  {
    cycle: 1,
    theme: 'fill',
    blind: [5, 5, 4, 5, 4, 5],
    open: [{ person: 'carys', value: 5, reason: 'Hearing Bernard’s tally, I recognised more of my own breaking-in than I had admitted.' }],
  },
  { cycle: 1, theme: 'body', blind: [4, 3, 5, 5, 3, 2] },
  {
    cycle: 1,
    theme: 'abandon',
    blind: [2, 1, 2, 5, 4, 1],
    open: [{ person: 'finn', value: 2, reason: 'Dev’s example of the young man made me less sure it never applies.' }],
  },
  {
    cycle: 1,
    theme: 'discomfort',
    blind: [2, 5, 3, 1, 5, 2],
    open: [
      { person: 'amara', value: 4 },
      { person: 'bernard', value: 4 },
      { person: 'carys', value: 4 },
      { person: 'dev', value: 4 },
      { person: 'elena', value: 4 },
      { person: 'finn', value: 4 },
    ],
  },
  // Cycle 2: the cycle-1 themes carry over and three new ones are rated.
  { cycle: 2, theme: 'fill', blind: [4, 4, 3, 4, 3, 4] },
  { cycle: 2, theme: 'body', blind: [4, 4, 5, 5, 4, 4] },
  {
    cycle: 2,
    theme: 'abandon',
    blind: [2, 2, 4, 5, 5, 1],
    open: [{ person: 'bernard', value: 3, reason: 'The frozen-client example: I can see it now with one of mine.' }],
  },
  { cycle: 2, theme: 'discomfort', blind: [3, 4, 3, 2, 4, 3] },
  {
    cycle: 2,
    theme: 'kinds',
    blind: [4, 4, 5, 2, 4, 5],
    open: [{ person: 'dev', value: 3, reason: 'I still think the labels are ours, not the client’s, but they help me notice.' }],
  },
  {
    cycle: 2,
    theme: 'culture',
    blind: [2, 3, 5, 4, 5, 1],
    open: [
      { person: 'amara', value: 3, reason: 'Elena’s record made me think of my own family’s long silences.' },
      { person: 'finn', value: 2 },
    ],
  },
  { cycle: 2, theme: 'naming', blind: [5, 4, 4, 4, 5, 4] },
]

// The validity review of each completed cycle. Cycle 1 is collusive: everyone judges the
// procedures met, no one challenges anything, and the platform's indicators disagree.
// Cycle 2 is healthier: a devil's advocate, challenges raised and resolved, honest judgements,
// and members who judge the same procedure differently (each member judges for themselves).

type DemoJudgement = { status: 'met' | 'partly' | 'not_met' | 'n_a'; note: string }

export const demoValidity: {
  cycle: 1 | 2
  devilsAdvocate?: DemoPersonKey
  checkIns: { person: DemoPersonKey; text: string; needsTime?: boolean }[]
  challenges: {
    by: DemoPersonKey
    target: { kind: 'theme'; theme: DemoThemeKey } | { kind: 'process' }
    hazard: 'consensus_collusion' | 'uncritical_subjectivity' | 'unaware_projection' | 'dominance' | 'other'
    text: string
    resolution?: { by: DemoPersonKey; kind: 'revised' | 'answered' | 'left_open'; text: string }
  }[]
  /** The first judgement of each procedure; members take turns, in the order of demoPeople. */
  judgements: Record<string, DemoJudgement>
  /** More members' own judgements of some procedures, given after the first ones. */
  moreJudgements: ({ person: DemoPersonKey; procedureKey: string } & DemoJudgement)[]
}[] = [
  {
    cycle: 1,
    checkIns: [
      { person: 'amara', text: 'Glad to be here; a full week.' },
      { person: 'bernard', text: 'Good. I have a lot from my log to bring.' },
      { person: 'carys', text: 'Fine, thanks.' },
      { person: 'dev', text: 'A bit flat, but fine to go on.' },
      { person: 'elena', text: 'Fine.' },
      { person: 'finn', text: 'OK.' },
    ],
    challenges: [],
    judgements: {
      'research-cycling': { status: 'met', note: 'First cycle done as planned.' },
      'divergence-convergence': { status: 'met', note: 'We agreed on our themes quickly.' },
      'reflection-action': { status: 'met', note: 'Everyone recorded.' },
      'aspects-of-reflection': { status: 'met', note: '' },
      'challenging-collusion': { status: 'met', note: 'No disagreements came up.' },
      'unaware-projections': { status: 'n_a', note: '' },
      'authentic-collaboration': { status: 'met', note: 'Bernard’s log gave us a lot to work with.' },
      'chaos-order': { status: 'met', note: '' },
    },
    moreJudgements: [
      { person: 'carys', procedureKey: 'divergence-convergence', status: 'met', note: 'Agreed.' },
      { person: 'finn', procedureKey: 'divergence-convergence', status: 'met', note: '' },
    ],
  },
  {
    cycle: 2,
    devilsAdvocate: 'dev',
    checkIns: [
      { person: 'amara', text: 'Tired but present.' },
      { person: 'bernard', text: 'Chastened, usefully: I talked too much last cycle and want to listen more.' },
      { person: 'carys', text: 'Good, curious about today.' },
      { person: 'dev', text: 'Taking the devil’s advocate role seriously; a bit nervous about it.' },
      {
        person: 'elena',
        text: 'Something about my own family’s silences has come up through this work and I would like a few minutes for it before we start.',
        needsTime: true,
      },
      { person: 'finn', text: 'Fine, glad to be back.' },
    ],
    challenges: [
      {
        by: 'dev',
        target: { kind: 'process' },
        hazard: 'consensus_collusion',
        text: 'Last cycle we all rated “It is our discomfort, not the client’s” a 4 after discussion, though our blind ratings ran from 1 to 5 — and none of us said why we moved. I think we agreed to keep the peace, and to agree with the person who had written most.',
        resolution: {
          by: 'dev',
          kind: 'revised',
          text: 'We looked again at the cycle-1 ratings together, agreed we had converged without reasons, and now give a reason whenever we move in the open round.',
        },
      },
      {
        by: 'dev',
        target: { kind: 'theme', theme: 'kinds' },
        hazard: 'uncritical_subjectivity',
        text: 'The kinds of silence are our labels. Have we checked any of them with a client, or are we sorting clients’ experience by our own impressions?',
        resolution: {
          by: 'finn',
          kind: 'answered',
          text: 'Not yet, and that is fair. Asking clients about their silences is now the focus of cycle 3.',
        },
      },
      {
        by: 'carys',
        target: { kind: 'process' },
        hazard: 'dominance',
        text: 'In cycle 1 Bernard’s log made up almost half of what we wrote, and three of our four themes were his. I think his voice set our agenda.',
        resolution: {
          by: 'bernard',
          kind: 'answered',
          text: 'I accept that. This cycle I have written less and proposed one theme, and I have asked Carys to tell me if I slip back.',
        },
      },
    ],
    judgements: {
      'research-cycling': { status: 'partly', note: 'Two cycles of the six we intend; too early to say.' },
      'divergence-convergence': {
        status: 'met',
        note: 'Abandonment and culture still divide us, and we kept them as divergent themes rather than forcing agreement.',
      },
      'reflection-action': { status: 'met', note: 'Every member recorded in the action phases, and the themes are linked to records.' },
      'aspects-of-reflection': {
        status: 'partly',
        note: 'More images this cycle (snow, the frozen lake, the room), but most of our sense-making is still in statements.',
      },
      'challenging-collusion': { status: 'met', note: 'Dev held the devil’s advocate role; three challenges were raised and resolved.' },
      'unaware-projections': {
        status: 'partly',
        note: 'Elena asked for time at check-in and we gave it; we are not sure we would notice if it were one of us who did not ask.',
      },
      'authentic-collaboration': {
        status: 'partly',
        note: 'Better balanced than cycle 1 after Carys named Bernard’s dominance; still watching it.',
      },
      'chaos-order': { status: 'met', note: 'We lived with not knowing what the kinds of silence were for most of the cycle.' },
    },
    moreJudgements: [
      {
        person: 'dev',
        procedureKey: 'divergence-convergence',
        status: 'partly',
        note: 'We kept the divergent themes, but only because the devil’s advocate pushed for them; left alone we would have merged them.',
      },
      { person: 'elena', procedureKey: 'divergence-convergence', status: 'met', note: '' },
      {
        person: 'carys',
        procedureKey: 'authentic-collaboration',
        status: 'not_met',
        note: 'Better than cycle 1, but it took one of us naming the imbalance; the quieter members still speak last.',
      },
      { person: 'bernard', procedureKey: 'authentic-collaboration', status: 'partly', note: 'I am still learning to hold back.' },
    ],
  },
]

// A client–practitioner pair: Carys (a demo practitioner) and a client of hers who agreed to
// inquire into their work together. Three reviews, the client's part in them growing.

type DemoItem = { kind: 'satisfaction' | 'dissatisfaction' | 'proposal' | 'between_us'; text: string; note: string }
type DemoChoice = { outcome: 'continue' | 'change' | 'pause' | 'end'; reason?: string }

export const demoPair: {
  name: string
  client: { displayName: string; email: string }
  practitioner: DemoPersonKey
  reviews: {
    daysAgo: number
    /** Decisions of the pair proposed before this review closed (since the previous one). */
    decisionsBefore: { by: 'client' | 'practitioner'; title: string; body: string }[]
    clientItems: DemoItem[]
    practitionerItems: DemoItem[]
    outcome: { client: DemoChoice; practitioner: DemoChoice }
  }[]
  /** An amendment of the principles, agreed before review 3; the client consents afresh. */
  amendment: { beforeReview: number; principle: string; summary: string }
} = {
  name: 'Carys and Jo',
  client: { displayName: 'Jo W.', email: 'jo@demo.inquiry.local' },
  practitioner: 'carys',
  reviews: [
    {
      daysAgo: 62,
      decisionsBefore: [],
      clientItems: [
        { kind: 'satisfaction', text: 'I like that we start by me saying what I want to talk about.', note: 'Keep starting this way.' },
      ],
      practitionerItems: [
        {
          kind: 'proposal',
          text: 'Could we try a short written note between sessions, just for you, about moments you went quiet?',
          note: 'Jo will try it for two weeks, private unless she chooses to share.',
        },
        {
          kind: 'satisfaction',
          text: 'I notice you have been able to stay with harder topics for longer.',
          note: 'Jo said it does not always feel that way from the inside.',
        },
        {
          kind: 'between_us',
          text: 'Sometimes I wonder if you agree with me to be polite.',
          note: 'Jo said sometimes, yes. We agreed she can say “not sure” without explaining.',
        },
      ],
      outcome: { client: { outcome: 'continue' }, practitioner: { outcome: 'continue' } },
    },
    {
      daysAgo: 33,
      decisionsBefore: [
        {
          by: 'practitioner',
          title: 'Keep the between-session notes for another month',
          body: 'They seem to be helping us find what to bring.',
        },
      ],
      clientItems: [
        {
          kind: 'dissatisfaction',
          text: 'Weekly feels too often at the moment; I come without much to say and then feel I have wasted the time.',
          note: 'We will try fortnightly, with longer sessions.',
        },
        {
          kind: 'satisfaction',
          text: 'The notes are useful. I shared two of them and it was easier than saying it out loud.',
          note: 'Jo will keep choosing what to share.',
        },
      ],
      practitionerItems: [
        {
          kind: 'proposal',
          text: 'Could we look at one of your notes together at the start of each session?',
          note: 'Only when Jo brings one; not a routine.',
        },
        { kind: 'satisfaction', text: 'Your notes show you noticing your own silences, not just other people’s.', note: '' },
      ],
      outcome: {
        client: { outcome: 'change', reason: 'Fortnightly, with longer sessions, and I bring a note when I have one.' },
        practitioner: { outcome: 'change', reason: 'Agree: fortnightly, 75 minutes, notes by Jo’s choice.' },
      },
    },
    {
      daysAgo: 4,
      decisionsBefore: [{ by: 'client', title: 'Try one session walking outside', body: 'I think I would talk more easily side by side.' }],
      clientItems: [
        {
          kind: 'between_us',
          text: 'When you go quiet I sometimes feel like I am being tested, like with my dad. I know it is not the same.',
          note: 'Carys will say when she is deliberately leaving space. We named the feeling and will come back to it.',
        },
        { kind: 'proposal', text: 'I would like to decide the topic for the first half of every session.', note: 'Agreed.' },
        {
          kind: 'dissatisfaction',
          text: 'The last walking session got cut short and I did not get to the thing I wanted.',
          note: 'Next time we keep the last ten minutes free.',
        },
        { kind: 'satisfaction', text: 'I can see I am choosing more of what we do now.', note: 'We both see it.' },
      ],
      practitionerItems: [{ kind: 'satisfaction', text: 'I value how directly you named the feeling about my silences.', note: '' }],
      outcome: { client: { outcome: 'continue' }, practitioner: { outcome: 'continue' } },
    },
  ],
  amendment: {
    beforeReview: 3,
    principle: 'We meet fortnightly for 75 minutes, and Jo brings a note from her own inquiry when she has one.',
    summary: 'Writing the changes from our second review into the principles.',
  },
}
