// name: dyad-day-aggregates
// description: The GDELT aggregates of one pair of countries: one row per day (or month) and QuadClass, summed over every stored export (each GLOBALEVENTID once).
// param dyad: iri - the dyad (id:dyad/AAA-BBB, its two ISO alpha-3 codes in alphabetical order)
// param kind: iri - dyad:DyadDayAggregate (one row a day) or dyad:DyadMonthAggregate (one row a month, dated its first day)
// param since: date? - only days on or after this date
// param until: date? - only days on or before this date
// returns: date, quadClass, events, goldsteinSum, mentions, sources, articles, sourceUrls
MATCH (aggregate)-[:AGGREGATE_OF]->(:Dyad {uri: $dyad})
WHERE last(split($kind, '#')) IN labels(aggregate)
WITH aggregate, toString(aggregate.date) AS date
WHERE ($since IS NULL OR date >= toString($since)) AND ($until IS NULL OR date <= toString($until))
RETURN date, aggregate.quadClass AS quadClass, aggregate.eventCount AS events, aggregate.goldsteinSum AS goldsteinSum,
       aggregate.numMentions AS mentions, aggregate.numSources AS sources, aggregate.numArticles AS articles,
       aggregate.sourceUrlCount AS sourceUrls
ORDER BY date, quadClass
