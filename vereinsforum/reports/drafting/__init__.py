"""The Begründung drafted from the data, in German, with the figures it was written from.

The office used to copy figures out of lists by hand. Here each paragraph is written from
one source (the programme and its team, the kick-off funnel, the needs analysis, the
forum, the measures, the events) and every figure it states is recorded, so that a later
change in the data can be shown beside the draft. The summaries of the other apps are
optional: where a module is missing or returns None, its paragraph is left out. (The
measures' paragraphs compare with the measures app's enums, so that app is imported.)

The text is German whatever the user's language: it is the office's submission to the
council.

One module per reason to change: `draft` (the container and its formatting), `sources`
(the other apps' summaries), `phrases` (German wording several sections share), one module
per section of the paper (`foundation`, `needs`, `forum`, `measures`, `events`),
`explanation` (the order of the sections) and `changes` (what moved since drafting).
"""
