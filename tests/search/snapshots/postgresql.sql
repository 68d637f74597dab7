WITH matches AS
  (SELECT found.pk,
          found.content_type_id,
          found.score,
          found.tag_ids,
          found.content_type_id IN (%s) AS passes_0, (found.pk IN
                                                        (SELECT "treatments_treatmentpagetag"."content_object_id" AS "content_object_id"
                                                         FROM "treatments_treatmentpagetag"
                                                         WHERE "treatments_treatmentpagetag"."tag_id" = %s
                                                         UNION ALL SELECT "articles_articlepagetag"."content_object_id" AS "content_object_id"
                                                         FROM "articles_articlepagetag"
                                                         WHERE "articles_articlepagetag"."tag_id" = %s)) IS TRUE AS passes_1
   FROM
     (SELECT entry.pk,
             entry.content_type_id,
             (CASE
                  WHEN (
                          (SELECT COUNT(*)
                           FROM
                             (SELECT 1
                              FROM
                                (SELECT entry.page_id AS pk,
                                        entry.content_type_id,
                                        entry.live,
                                        entry.tag_ids
                                 FROM search_pageentry AS entry
                                 WHERE ((entry.title @@
                                           (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))
                                         OR entry.body @@
                                           (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s))))
                                        AND (entry.title @@
                                               (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))
                                             OR entry.body @@
                                               (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))))
                                   AND entry.content_type_id IN (%s, ...)) AS found
                              WHERE found.live
                                AND found.content_type_id IN (%s)
                                AND (found.pk IN
                                       (SELECT "treatments_treatmentpagetag"."content_object_id" AS "content_object_id"
                                        FROM "treatments_treatmentpagetag"
                                        WHERE "treatments_treatmentpagetag"."tag_id" = %s
                                        UNION ALL SELECT "articles_articlepagetag"."content_object_id" AS "content_object_id"
                                        FROM "articles_articlepagetag"
                                        WHERE "articles_articlepagetag"."tag_id" = %s)) IS TRUE
                              LIMIT 10) AS counted) = %s
                        AND entry.pk NOT IN
                          (SELECT found.pk
                           FROM
                             (SELECT entry.page_id AS pk,
                                     entry.content_type_id,
                                     entry.live,
                                     entry.tag_ids
                              FROM search_pageentry AS entry
                              WHERE ((entry.title @@
                                        (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))
                                      OR entry.body @@
                                        (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s))))
                                     AND (entry.title @@
                                            (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))
                                          OR entry.body @@
                                            (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))))
                                AND entry.content_type_id IN (%s, ...)) AS found)) THEN 0
                  ELSE (((CASE
                              WHEN (entry.title @@
                                      (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))
                                    OR entry.body @@
                                      (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))) THEN 1
                              ELSE 0
                          END) + (CASE
                                      WHEN (entry.title @@
                                              (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))
                                            OR entry.body @@
                                              (SELECT (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))) THEN 1
                                      ELSE 0
                                  END)) + 1.0 - 1.0 / (1.0 + ((CASE
                                                                   WHEN entry.title @@
                                                                          (SELECT ((to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)) || (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))) THEN (((GREATEST((ts_rank((%s)::float4[], entry.title,
                                                                                                                                                                                                                                                      (SELECT to_tsquery(%s::regconfig, %s))) * %s), (ts_rank((%s)::float4[], entry.title,
                                                                                                                                                                                                                                                                                                                (SELECT to_tsquery(%s::regconfig, %s))) * %s)) + GREATEST((ts_rank((%s)::float4[], entry.title,
                                                                                                                                                                                                                                                                                                                                                                                     (SELECT to_tsquery(%s::regconfig, %s))) * %s), (ts_rank((%s)::float4[], entry.title,
                                                                                                                                                                                                                                                                                                                                                                                                                                               (SELECT to_tsquery(%s::regconfig, %s))) * %s))) / %s) * entry.title_norm)
                                                                   ELSE 0
                                                               END) + (((GREATEST((ts_rank((%s)::float4[], entry.body,
                                                                                             (SELECT to_tsquery(%s::regconfig, %s))) * %s), (ts_rank((%s)::float4[], entry.body,
                                                                                                                                                       (SELECT to_tsquery(%s::regconfig, %s))) * %s)) + GREATEST((ts_rank((%s)::float4[], entry.body,
                                                                                                                                                                                                                            (SELECT to_tsquery(%s::regconfig, %s))) * %s), (ts_rank((%s)::float4[], entry.body,
                                                                                                                                                                                                                                                                                      (SELECT to_tsquery(%s::regconfig, %s))) * %s))) / %s) * %s))))
              END) AS score,
             entry.live,
             entry.tag_ids
      FROM
        (SELECT entry.page_id AS pk,
                entry.content_type_id,
                entry.live,
                entry.tag_ids,
                entry.title_norm,
                (ARRAY[entry.title])[1] AS title,
                (ARRAY[entry.body])[1] AS body
         FROM search_pageentry AS entry
         WHERE (entry.title @@
                  (SELECT ((to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)) || (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s))))
                OR entry.body @@
                  (SELECT ((to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)) || (to_tsquery(%s::regconfig, %s) || to_tsquery(%s::regconfig, %s)))))
           AND entry.content_type_id IN (%s, ...)
           OFFSET 0) AS entry) AS found
   WHERE found.live),
     match_groups AS
  (SELECT content_type_id,
          tag_ids,
          passes_0,
          passes_1,
          COUNT(*) AS n
   FROM matches
   GROUP BY content_type_id,
            tag_ids,
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
       facet_value,
       SUM(match_groups.n)
FROM match_groups
CROSS JOIN unnest(match_groups.tag_ids) AS facet_value
WHERE match_groups.passes_0
GROUP BY facet_value

-- text parameters, each once, in order:
-- 'english'
-- "('shots' | 'shot')"
-- "((('jabs' | 'injection') | 'injections') | 'jab')"
-- "('migraines' | 'migraine')"
-- "((((('migranes' | 'headache') | 'headaches') | 'migraine') | 'migraines') | 'migrane')"
-- '{0.009900990099009901,0.009900990099009901,0.20792079207920794,1.0}'
-- 'hit'
-- 'count'
-- 'facet:type'
-- 'facet:tag'
