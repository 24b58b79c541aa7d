-- The interview file respects the questionnaire's routing and answer scales: nobody outside a
-- Q3 item's service-specific routing, or outside the routing of Q4 and Q6-Q11, has an answer to
-- it; Q6ANT only after Q6 = 2; every code is on its item's scale. The logic is the model
-- int_user_survey_routing_violations (one row per violation, with its type and detail), so a
-- test can plant a violation in the raw interview table and watch this fail.
select *
from {{ ref('int_user_survey_routing_violations') }}
