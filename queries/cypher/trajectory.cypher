// name: trajectory
// description: One row per event between two countries (either direction) and per document that reports it, GDELT records left out (they are counted from the dyad-day aggregates); Dyad sums the rows by period.
// param countryA: country - one country of the dyad (ISO 3166-1 alpha-3)
// param countryB: country - the other country
// param since: date? - only events on or after this date (an event dated to a month or year counts if its period reaches the date)
// param until: date? - only events on or before this date
// returns: event, date, goldstein, quadClass, eventType, label, claim, document, documentKind, loader
// Several values of one property are a list in Neo4j: dates and labels give one row per value, as SPARQL does.
MATCH (a:Country {iso3: $countryA})<-[:ACTOR]-(event:Event)-[:ACTOR]->(b:Country {iso3: $countryB})
WHERE a <> b
  // GDELT records are counted from the aggregates (dyad-day-aggregates.cypher)
  AND NOT event.uri STARTS WITH 'https://w3id.org/dyad/id/event/gdelt/'
WITH DISTINCT event, coalesce(event.date, event.startDate, event.endDate) AS dates
UNWIND CASE WHEN dates IS :: LIST<ANY> NOT NULL THEN dates ELSE [dates] END AS dateValue
WITH event, toString(dateValue) AS date
WHERE date IS NOT NULL
  AND ($since IS NULL OR date >= substring(toString($since), 0, size(date)))
  AND ($until IS NULL OR date <= toString($until))
UNWIND CASE WHEN event.label IS :: LIST<ANY> NOT NULL THEN event.label ELSE [event.label] END AS label
OPTIONAL MATCH (claim:Claim)-[:ASSERTS]->(event)
OPTIONAL MATCH (claim)-[:WAS_DERIVED_FROM]->(document:Document)
OPTIONAL MATCH (claim)-[:WAS_GENERATED_BY]->(run:LoaderRun)
RETURN DISTINCT event.uri AS event, date, event.goldstein AS goldstein, event.quadClass AS quadClass,
       event.eventType AS eventType, label, claim.uri AS claim, document.uri AS document,
       document.documentKind AS documentKind, run.loaderName AS loader
ORDER BY date, event, document, claim
