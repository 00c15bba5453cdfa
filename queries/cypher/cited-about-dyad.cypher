// name: cited-about-dyad
// description: Who the claims about the events of two countries are attributed to, how often, and how often hedged; claims attributed to nobody are counted under the document they were read from.
// param countryA: country - one country of the dyad
// param countryB: country - the other country
// param since: date? - only events on or after this date
// param until: date? - only events on or before this date
// returns: source, name, kind, claims, hedged, hedgedShare, documents
MATCH (a:Country {iso3: $countryA})<-[:ACTOR]-(event:Event)-[:ACTOR]->(b:Country {iso3: $countryB})
WHERE a <> b
WITH DISTINCT event, toString(coalesce(event.date, event.startDate)) AS date
WHERE ($since IS NULL OR (date IS NOT NULL AND date >= substring(toString($since), 0, size(date))))
  AND ($until IS NULL OR (date IS NOT NULL AND date <= toString($until)))
MATCH (claim:Claim)-[:ASSERTS]->(event)
MATCH (claim)-[:WAS_DERIVED_FROM]->(document:Resource)
OPTIONAL MATCH (claim)-[:WAS_ATTRIBUTED_TO]->(agent:Resource)
WITH claim, document, agent, coalesce(agent, document) AS source
WITH source, claim, document,
     CASE WHEN agent IS NOT NULL THEN toString(agent.label)
          ELSE toString(coalesce(document.publisherName, document.title, document.uri)) END AS name,
     CASE WHEN agent IS NOT NULL THEN coalesce(agent.agentKind, 'agent')
          ELSE 'document: ' + coalesce(document.documentKind, '?') END AS kind
WITH source, name, kind, count(DISTINCT claim) AS claims,
     count(DISTINCT CASE WHEN claim.hedged = true THEN claim END) AS hedged, count(DISTINCT document) AS documents
RETURN source.uri AS source, name, kind, claims, hedged, round(1000.0 * hedged / claims) / 1000 AS hedgedShare, documents
ORDER BY claims DESC, name
