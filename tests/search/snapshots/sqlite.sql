WITH matches AS
  (SELECT found.pk,
          found.content_type_id,
          found.score,
          found.content_type_id IN (%s) AS passes_0, (found.pk IN
                                                        (SELECT "treatments_treatmentpagetag"."content_object_id" AS "content_object_id"
                                                         FROM "treatments_treatmentpagetag"
                                                         WHERE "treatments_treatmentpagetag"."tag_id" = %s
                                                         UNION ALL SELECT "articles_articlepagetag"."content_object_id" AS "content_object_id"
                                                         FROM "articles_articlepagetag"
                                                         WHERE "articles_articlepagetag"."tag_id" = %s)) IS TRUE AS passes_1
   FROM
     (SELECT CAST(entry.object_id AS INTEGER) AS pk,
             entry.content_type_id,
             (COUNT(DISTINCT hits.concept) + 1.0 - 1.0 / (1.0 + -(SUM(hits.score) + %s * entry.title_norm * SUM(hits.title_score)))) AS score
      FROM
        (SELECT wagtailsearch_indexentry_fts.rowid AS id,
                %s AS concept,
                %s * bm25(wagtailsearch_indexentry_fts, 0.0, 1.0, 1.0) AS score,
                %s * bm25(wagtailsearch_indexentry_fts, 0, 0, 1) AS title_score
         FROM wagtailsearch_indexentry_fts
         WHERE wagtailsearch_indexentry_fts MATCH %s
         UNION ALL SELECT wagtailsearch_indexentry_fts.rowid AS id,
                          %s AS concept,
                          %s * bm25(wagtailsearch_indexentry_fts, 0.0, 1.0, 1.0) AS score,
                          %s * bm25(wagtailsearch_indexentry_fts, 0, 0, 1) AS title_score
         FROM wagtailsearch_indexentry_fts
         WHERE wagtailsearch_indexentry_fts MATCH %s
         LIMIT -1) AS hits
      CROSS JOIN wagtailsearch_indexentry AS entry INDEXED BY search_indexentry_ranking ON entry.id = hits.id
      WHERE +entry.content_type_id IN (%s, ...)
      GROUP BY entry.id) AS found
   WHERE (found.pk IN
            (SELECT "wagtailcore_page"."id" AS "pk"
             FROM "wagtailcore_page"
             WHERE "wagtailcore_page"."live")) IS TRUE),
     match_groups AS
  (SELECT content_type_id,
          passes_0,
          passes_1,
          COUNT(*) AS n
   FROM matches
   GROUP BY content_type_id,
            passes_0,
            passes_1)
SELECT %s,
       hits.pk,
       hits.score
FROM
  (SELECT matches.pk,
          matches.score
   FROM matches
   WHERE matches.passes_0
     AND matches.passes_1
   ORDER BY matches.score DESC,
            matches.pk DESC
   LIMIT 10) AS hits
UNION ALL
SELECT %s,
       NULL,
       COALESCE(SUM(match_groups.n), 0)
FROM match_groups
WHERE match_groups.passes_0
  AND match_groups.passes_1
UNION ALL
SELECT %s,
       match_groups.content_type_id,
       SUM(match_groups.n)
FROM match_groups
WHERE match_groups.passes_1
GROUP BY match_groups.content_type_id
UNION ALL
SELECT %s,
       facet.facet_value,
       COUNT(*)
FROM matches
CROSS JOIN
  (SELECT "treatments_treatmentpagetag"."content_object_id" AS "facet_pk",
          "treatments_treatmentpagetag"."tag_id" AS "facet_value"
   FROM "treatments_treatmentpagetag") AS facet
WHERE facet.facet_pk = matches.pk
  AND matches.passes_0
GROUP BY facet.facet_value
UNION ALL
SELECT %s,
       facet.facet_value,
       COUNT(*)
FROM matches
CROSS JOIN
  (SELECT "articles_articlepagetag"."content_object_id" AS "facet_pk",
          "articles_articlepagetag"."tag_id" AS "facet_value"
   FROM "articles_articlepagetag") AS facet
WHERE facet.facet_pk = matches.pk
  AND matches.passes_0
GROUP BY facet.facet_value

-- text parameters, each once, in order:
-- '{title body} : ((("shots" OR "shot" OR "shots" OR "shot") OR "jabs" OR "injection" OR "injections" OR "jab"))'
-- '{title body} : ((("migraines" OR "migraine" OR "migraines" OR "migraine") OR "migranes" OR "headache" OR "headaches" OR "migraine" OR "migraines" OR "migrane"))'
-- 'hit'
-- 'count'
-- 'facet:type'
-- 'facet:tag'
