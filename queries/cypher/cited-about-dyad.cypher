// name: cited-about-dyad
// description: Who the claims about the events of two countries are attributed to, how often, and how often hedged; claims attributed to nobody are counted under the document they were read from.
// param countryA: country - one country of the dyad
// param countryB: country - the other country
// param since: date? - only events on or after this date
// param until: date? - only events on or before this date
// returns: source, name, kind, claims, hedged, hedgedShare, documents
// Several values of one property are a list in Neo4j: dates and names give one row per value, as SPARQL does.
MATCH (a:Country {iso3: $countryA})<-[:ACTOR]-(event:Event)-[:ACTOR]->(b:Country {iso3: $countryB})
WHERE a <> b
WITH DISTINCT event, coalesce(event.date, event.startDate) AS dates
UNWIND CASE WHEN dates IS :: LIST<ANY> NOT NULL THEN dates ELSE [dates] END AS dateValue
WITH event, toString(dateValue) AS date
WHERE ($since IS NULL OR (date IS NOT NULL AND date >= substring(toString($since), 0, size(date))))
  AND ($until IS NULL OR (date IS NOT NULL AND date <= toString($until)))
WITH DISTINCT event
MATCH (claim:Claim)-[:ASSERTS]->(event)
MATCH (claim)-[:WAS_DERIVED_FROM]->(document:Resource)
OPTIONAL MATCH (claim)-[:WAS_ATTRIBUTED_TO]->(agent:Resource)
UNWIND CASE WHEN agent.label IS :: LIST<ANY> NOT NULL THEN agent.label ELSE [agent.label] END AS agentName
UNWIND CASE WHEN agent.agentKind IS :: LIST<ANY> NOT NULL THEN agent.agentKind ELSE [agent.agentKind] END AS agentKind
UNWIND CASE WHEN document.documentKind IS :: LIST<ANY> NOT NULL THEN document.documentKind ELSE [document.documentKind] END AS documentKind
UNWIND CASE WHEN document.publisherName IS :: LIST<ANY> NOT NULL THEN document.publisherName ELSE [document.publisherName] END AS publisher
UNWIND CASE WHEN document.title IS :: LIST<ANY> NOT NULL THEN document.title ELSE [document.title] END AS title
WITH claim, document, coalesce(agent, document) AS source,
     CASE WHEN agent IS NOT NULL THEN toString(agentName) ELSE toString(coalesce(publisher, title, document.uri)) END AS name,
     CASE WHEN agent IS NOT NULL THEN coalesce(agentKind, 'agent') ELSE 'document: ' + coalesce(documentKind, '?') END AS kind
WITH source, name, kind, count(DISTINCT claim) AS claims,
     count(DISTINCT CASE WHEN claim.hedged = true OR true IN CASE WHEN claim.hedged IS :: LIST<ANY> NOT NULL THEN claim.hedged ELSE [] END
                         THEN claim END) AS hedged,
     count(DISTINCT document) AS documents
RETURN source.uri AS source, name, kind, claims, hedged, round(1000.0 * hedged / claims) / 1000 AS hedgedShare, documents
ORDER BY claims DESC, name
