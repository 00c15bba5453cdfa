// name: status-as-of
// description: Where each route or agreement stood on a date, read from the last event about it that had happened by then; expected or denied events do not change a status.
// param asOf: date - the date to ask about (an event dated to a month or year counts from the start of its period)
// param subject: iri? - only this route or agreement
// param label: string? - only routes and agreements whose name contains this text (any case)
// returns: subject, name, kind, status, since, event, eventLabel, eventType, claims
// A property stated with several values (two documents naming a route differently) is a list in Neo4j:
// each such value is read through CASE WHEN v IS :: LIST<ANY> NOT NULL THEN v ELSE [v] END, one row per value, as SPARQL does.
MATCH (subject:Resource)<-[:ABOUT]-(event:Event)
WHERE (subject:Route OR subject:Agreement)
  AND ($subject IS NULL OR subject.uri = $subject)
  AND 'happened' IN CASE WHEN event.eventStatus IS :: LIST<ANY> NOT NULL THEN event.eventStatus ELSE [event.eventStatus] END
UNWIND CASE WHEN event.eventType IS :: LIST<ANY> NOT NULL THEN event.eventType ELSE [event.eventType] END AS eventType
WITH subject, event, eventType
WHERE eventType IN ['suspension', 'resumption', 'border_closure', 'border_reopening', 'agreement', 'sanction', 'negotiation']
UNWIND CASE WHEN coalesce(event.date, event.startDate) IS :: LIST<ANY> NOT NULL THEN coalesce(event.date, event.startDate)
            ELSE [coalesce(event.date, event.startDate)] END AS sinceValue
WITH subject, event, eventType, toString(sinceValue) AS since
WHERE since IS NOT NULL AND since <= toString($asOf)
WITH subject, event, eventType, since ORDER BY since DESC, event.uri
WITH subject, collect({event: event, since: since, eventType: eventType})[0] AS last
UNWIND CASE WHEN subject.label IS :: LIST<ANY> NOT NULL THEN subject.label ELSE [subject.label] END AS subjectLabel
WITH subject, last, toString(coalesce(subjectLabel, subject.uri)) AS name
WHERE $label IS NULL OR toLower(name) CONTAINS toLower($label)
WITH subject, name, last.event AS event, last.since AS since, last.eventType AS eventType
UNWIND CASE WHEN event.label IS :: LIST<ANY> NOT NULL THEN event.label ELSE [event.label] END AS eventLabel
OPTIONAL MATCH (claim:Claim)-[:ASSERTS]->(event)
RETURN subject.uri AS subject, name,
       CASE WHEN subject:Route THEN 'route' ELSE 'agreement' END AS kind,
       {suspension: 'suspended', resumption: 'operating', border_closure: 'closed', border_reopening: 'open',
        agreement: 'signed', sanction: 'sanctioned', negotiation: 'under negotiation'}[eventType] AS status,
       since, event.uri AS event, eventLabel, eventType, count(DISTINCT claim) AS claims
ORDER BY kind, name, since, event
