// name: claims-about-event
// description: The claims that assert an event, each with its quote, certainty, whether it is hedged, the document it was read from and who it is attributed to.
// param event: iri? - the event (an IRI from events-of-dyad)
// param label: string? - or: events whose label contains this text (any case)
// returns: event, eventLabel, claim, certainty, hedged, hedgeCue, quote, document, documentTitle, publisher, url, agent, agentName
// Several values of one property are a list in Neo4j: labels and titles give one row per value, as SPARQL does.
MATCH (claim:Claim)-[:ASSERTS]->(event:Event)
WHERE $event IS NULL OR event.uri = $event
UNWIND CASE WHEN event.label IS :: LIST<ANY> NOT NULL THEN event.label ELSE [event.label] END AS eventLabel
WITH claim, event, eventLabel
WHERE $label IS NULL OR toLower(toString(eventLabel)) CONTAINS toLower($label)
OPTIONAL MATCH (claim)-[:WAS_DERIVED_FROM]->(document:Document)
OPTIONAL MATCH (claim)-[:WAS_ATTRIBUTED_TO]->(agent:Resource)
UNWIND CASE WHEN document.title IS :: LIST<ANY> NOT NULL THEN document.title ELSE [document.title] END AS documentTitle
UNWIND CASE WHEN agent.label IS :: LIST<ANY> NOT NULL THEN agent.label ELSE [agent.label] END AS agentName
RETURN DISTINCT event.uri AS event, eventLabel, claim.uri AS claim, claim.certainty AS certainty,
       claim.hedged AS hedged, claim.hedgeCue AS hedgeCue, claim.quote AS quote, document.uri AS document,
       documentTitle, document.publisherName AS publisher, document.url AS url,
       agent.uri AS agent, agentName
ORDER BY eventLabel, event, document, quote, claim
