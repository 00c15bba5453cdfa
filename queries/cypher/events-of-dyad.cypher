// name: events-of-dyad
// description: The events between two countries, oldest first, with type, status, what they are about, and how many claims support them.
// param countryA: country - one country of the dyad (ISO 3166-1 alpha-3)
// param countryB: country - the other country
// param since: date? - only events on or after this date
// param until: date? - only events on or before this date
// returns: event, date, type, status, label, about, claims
// Several values of one property are a list in Neo4j: dates and labels give one row per value (as SPARQL does),
// and a route named differently by two documents shows one of its names.
MATCH (a:Country {iso3: $countryA})<-[:ACTOR]-(event:Event)-[:ACTOR]->(b:Country {iso3: $countryB})
WHERE a <> b
WITH DISTINCT event, coalesce(event.date, event.startDate, event.endDate) AS dates
UNWIND CASE WHEN dates IS :: LIST<ANY> NOT NULL THEN dates ELSE [dates] END AS dateValue
WITH event, toString(dateValue) AS date
WHERE ($since IS NULL OR (date IS NOT NULL AND date >= substring(toString($since), 0, size(date))))
  AND ($until IS NULL OR (date IS NOT NULL AND date <= toString($until)))
UNWIND CASE WHEN event.label IS :: LIST<ANY> NOT NULL THEN event.label ELSE [event.label] END AS label
OPTIONAL MATCH (event)-[:ABOUT]->(about:Resource)
UNWIND CASE WHEN about.label IS :: LIST<ANY> NOT NULL THEN about.label ELSE [about.label] END AS aboutLabel
OPTIONAL MATCH (claim:Claim)-[:ASSERTS]->(event)
RETURN event.uri AS event, date, event.eventType AS type, event.eventStatus AS status, label,
       min(toString(aboutLabel)) AS about, count(DISTINCT claim) AS claims
ORDER BY date, event
