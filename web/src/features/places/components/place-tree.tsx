import { Tree } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useEffect, useState } from 'react';
import { useI18n } from '../../../lib/i18n';
import { getChildren } from '../api/get-children';
import type { PlaceNode } from '../api/types';

type Node = DataNode & { key: string; place: PlaceNode; children?: Node[] };

const toNode = (p: PlaceNode, label: string): Node => ({
  key: String(p.id),
  title: label,
  isLeaf: p.childCount === 0,
  place: p,
});

function replaceChildren(list: Node[], key: string, children: Node[]): Node[] {
  return list.map((n) =>
    n.key === key ? { ...n, children } : n.children ? { ...n, children: replaceChildren(n.children, key, children) } : n,
  );
}

/** The place tree, loading each level only when it is opened (a district has thousands of households). */
export function PlaceTree({ roots, onSelect }: { roots: PlaceNode[]; onSelect: (p: PlaceNode) => void }) {
  const { t } = useI18n();
  const label = (p: PlaceNode) => `${p.name} · ${t(`kind.${p.kind}`)}`;
  const [data, setData] = useState<Node[]>(() => roots.map((r) => toNode(r, label(r))));
  useEffect(() => setData(roots.map((r) => toNode(r, label(r)))), [roots]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadData = async (node: EventDataNode<Node>) => {
    if (node.children) return;
    const kids = await getChildren(node.place.id);
    setData((d) => replaceChildren(d, node.key, kids.map((k) => toNode(k, label(k)))));
  };

  return (
    <Tree<Node>
      treeData={data}
      loadData={loadData}
      onSelect={(_, info) => onSelect(info.node.place)}
      blockNode
    />
  );
}
