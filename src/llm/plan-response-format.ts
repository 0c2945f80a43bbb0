// The structured-output format for plans, built once from the plan's zod schema.
import { zodResponseFormat } from "openai/helpers/zod";
import type { ResponseFormatJSONSchema } from "openai/resources/shared";
import { planResponseSchema } from "../plan/plan-model.js";

export const PLAN_RESPONSE_FORMAT: ResponseFormatJSONSchema = zodResponseFormat(
  planResponseSchema,
  "implementation_plan",
);
