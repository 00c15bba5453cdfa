// name: events-of-dyad
// description: The events between two countries, oldest first, with type, status, what they are about, and how many claims support them.
// param countryA: country - one country of the dyad (ISO 3166-1 alpha-3)
// param countryB: country - the other country
// param since: date? - only events on or after this date
// param until: date? - only events on or before this date
// returns: event, date, type, status, label, about, claims
MATCH (a:Country {iso3: $countryA})<-[:ACTOR]-(event:Event)-[:ACTOR]->(b:Country {iso3: $countryB})
WHERE a <> b
WITH DISTINCT event, toString(coalesce(event.date, event.startDate, event.endDate)) AS date
WHERE ($since IS NULL OR (date IS NOT NULL AND date >= substring(toString($since), 0, size(date))))
  AND ($until IS NULL OR (date IS NOT NULL AND date <= toString($until)))
OPTIONAL MATCH (event)-[:ABOUT]->(about:Resource)
OPTIONAL MATCH (claim:Claim)-[:ASSERTS]->(event)
RETURN event.uri AS event, date, event.eventType AS type, event.eventStatus AS status, event.label AS label,
       about.label AS about, count(DISTINCT claim) AS claims
ORDER BY date, event
