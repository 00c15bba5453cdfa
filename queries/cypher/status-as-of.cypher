// name: status-as-of
// description: Where each route or agreement stood on a date, read from the last event about it that had happened by then; expected or denied events do not change a status.
// param asOf: date - the date to ask about (an event dated to a month or year counts from the start of its period)
// param subject: iri? - only this route or agreement
// param label: string? - only routes and agreements whose name contains this text (any case)
// returns: subject, name, kind, status, since, event, eventLabel, eventType, claims
MATCH (subject:Resource)<-[:ABOUT]-(event:Event {eventStatus: 'happened'})
WHERE (subject:Route OR subject:Agreement)
  AND ($subject IS NULL OR subject.uri = $subject)
  AND ($label IS NULL OR toLower(toString(coalesce(subject.label, subject.uri))) CONTAINS toLower($label))
  AND event.eventType IN ['suspension', 'resumption', 'border_closure', 'border_reopening', 'agreement', 'sanction', 'negotiation']
WITH subject, event, toString(coalesce(event.date, event.startDate)) AS since
WHERE since IS NOT NULL AND since <= toString($asOf)
WITH subject, event, since ORDER BY since DESC, event.uri
WITH subject, collect({event: event, since: since})[0] AS last
WITH subject, last.event AS event, last.since AS since
OPTIONAL MATCH (claim:Claim)-[:ASSERTS]->(event)
RETURN subject.uri AS subject, toString(coalesce(subject.label, subject.uri)) AS name,
       CASE WHEN subject:Route THEN 'route' ELSE 'agreement' END AS kind,
       {suspension: 'suspended', resumption: 'operating', border_closure: 'closed', border_reopening: 'open',
        agreement: 'signed', sanction: 'sanctioned', negotiation: 'under negotiation'}[event.eventType] AS status,
       since, event.uri AS event, event.label AS eventLabel, event.eventType AS eventType, count(DISTINCT claim) AS claims
ORDER BY kind, name, since, event
