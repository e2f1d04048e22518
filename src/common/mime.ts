/** MIME types of awsfx outputs. Renderers claim these; the host writes them. */
export const TABLE_MIME = 'application/vnd.awsfx.table+json';
export const ERROR_MIME = 'application/vnd.code.notebook.error';
export const MARKDOWN_MIME = 'text/markdown';
