/** How the early help and panel API is described in OpenAPI: its tags and error responses. */
import { errorResponse } from '../api-schemas.js';

/** The error responses every early help route may answer. */
export const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  415: errorResponse,
  422: errorResponse,
};
export const tags = ['early help'];
export const panelTags = ['panels'];
