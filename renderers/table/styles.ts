/**
 * Colours come from VS Code's theme variables, so light, dark and high-contrast themes all work;
 * high contrast also gets visible borders from --vscode-contrastBorder.
 */
export const STYLES = `
.awsfx-table-output { font-family: var(--vscode-editor-font-family, monospace); font-size: var(--vscode-editor-font-size, 13px); color: var(--vscode-foreground); }
.awsfx-table-scroll { overflow: auto; max-height: 480px; border: 1px solid var(--vscode-contrastBorder, var(--vscode-editorWidget-border, transparent)); }
.awsfx-table { border-collapse: collapse; width: max-content; min-width: 100%; }
.awsfx-table th, .awsfx-table td { padding: 2px 8px; text-align: left; vertical-align: top; border-bottom: 1px solid var(--vscode-editorWidget-border, rgba(128,128,128,0.35)); }
.awsfx-table thead th { position: sticky; top: 0; background: var(--vscode-editor-background); z-index: 1; border-bottom: 1px solid var(--vscode-contrastBorder, var(--vscode-editorWidget-border, rgba(128,128,128,0.6))); }
.awsfx-table th button { all: unset; cursor: pointer; font-weight: 600; color: var(--vscode-foreground); }
.awsfx-table th button:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
.awsfx-table th .awsfx-sort { opacity: 0.7; margin-left: 4px; }
.awsfx-table th .awsfx-type { display: block; font-weight: normal; opacity: 0.6; font-size: 0.85em; }
.awsfx-table tbody tr:hover { background: var(--vscode-list-hoverBackground); outline: 1px dashed var(--vscode-contrastActiveBorder, transparent); }
.awsfx-table td.awsfx-null { opacity: 0.5; font-style: italic; }
.awsfx-table td.awsfx-number { text-align: right; font-variant-numeric: tabular-nums; }
.awsfx-table td .awsfx-text { white-space: pre-wrap; word-break: break-word; max-width: 60ch; display: inline-block; }
.awsfx-table details summary { cursor: pointer; color: var(--vscode-textPreformat-foreground, var(--vscode-foreground)); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 60ch; }
.awsfx-table details pre { margin: 2px 0; white-space: pre-wrap; word-break: break-word; max-width: 80ch; }
.awsfx-summary { margin: 4px 0; opacity: 0.8; }
.awsfx-warnings { margin: 4px 0; padding-left: 18px; color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
.awsfx-more { margin: 4px 0; }
.awsfx-more button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 2px 10px; cursor: pointer; }
`;
