import type { ActivationFunction } from 'vscode-notebook-renderer';
import type { TableOutput } from '../../src/common/resultSet';
import { TableView } from './tableView';
import { STYLES } from './styles';

/**
 * Renderer for application/vnd.awsfx.table+json. Every value from a result is log content, and log
 * content is attacker-controlled: this renderer only ever creates DOM nodes and sets textContent.
 */
export const activate: ActivationFunction = () => {
  const views = new Map<string, TableView>();
  return {
    renderOutputItem(item, element) {
      views.get(item.id)?.dispose();
      ensureStyles(element);
      const view = new TableView(item.json() as TableOutput);
      element.replaceChildren(view.element);
      views.set(item.id, view);
    },
    disposeOutputItem(id) {
      if (id === undefined) {
        views.forEach((view) => view.dispose());
        views.clear();
        return;
      }
      views.get(id)?.dispose();
      views.delete(id);
    },
  };
};

function ensureStyles(element: HTMLElement): void {
  const root = element.getRootNode() as Document | ShadowRoot;
  const host = root instanceof ShadowRoot ? root : document.head;
  if (host.querySelector('style[data-awsfx-table]')) return;
  const style = document.createElement('style');
  style.dataset.awsfxTable = '';
  style.textContent = STYLES;
  host.append(style);
}
