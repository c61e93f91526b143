namespace NewsWatcher.Benchmarks.Lucene;

/// <summary>
/// A watch's presearch view, built as Lucene Monitor's <c>QueryTree</c> builds it: a leaf is a key an article must
/// contain, a conjunction is keyed by its best-weighted child only, a disjunction by all its children, and "any" (a NOT,
/// or a disjunction with an unkeyable child) selects every article. <see cref="AdvancePhase"/> moves each conjunction on
/// to its next-best child, which is how Monitor's <c>MultipassTermFilteredPresearcher</c> collects a different sufficient
/// set of keys on each pass.
/// </summary>
/// <remarks>Stateful (passes advance it): build one per watch and throw it away once its keys are collected.</remarks>
internal abstract class PresearchTree
{
    /// <summary>The key of a tree that selects every article (Monitor's <c>ANYTOKEN</c>).</summary>
    public const string AnyKey = "\u0001any";

    /// <summary>How selective the keys collected now are: higher is rarer; 0 is "any".</summary>
    public abstract double Weight { get; }

    public static PresearchTree Any { get; } = new AnyTree();

    public static PresearchTree Leaf(string key, double weight) => new LeafTree(key, weight);

    /// <summary>As Monitor's <c>QueryTree.conjunction</c>: one child is itself, all-"any" children are "any".</summary>
    public static PresearchTree Conjunction(IReadOnlyList<PresearchTree> children) => children.Count switch
    {
        0 => Any,
        1 => children[0],
        _ when children.All(c => c.Weight <= 0) => Any,
        _ => new ConjunctionTree(children),
    };

    /// <summary>As Monitor's <c>QueryTree.disjunction</c>: an "any" child makes the whole "any".</summary>
    public static PresearchTree Disjunction(IReadOnlyList<PresearchTree> children) => children.Count switch
    {
        0 => Any,
        1 => children[0],
        _ when children.Any(c => c.Weight <= 0) => Any,
        _ => new DisjunctionTree(children),
    };

    /// <summary>Adds the keys of the current route through the tree; any one of them occurring lets the watch through this pass.</summary>
    public abstract void CollectKeys(ISet<string> keys);

    /// <summary>Moves to the next-best route; false when there is none above <paramref name="minWeight"/>.</summary>
    public abstract bool AdvancePhase(double minWeight);

    private sealed class AnyTree : PresearchTree
    {
        public override double Weight => 0;

        public override void CollectKeys(ISet<string> keys) => keys.Add(AnyKey);

        public override bool AdvancePhase(double minWeight) => false;
    }

    private sealed class LeafTree(string key, double weight) : PresearchTree
    {
        public override double Weight => weight;

        public override void CollectKeys(ISet<string> keys) => keys.Add(key);

        public override bool AdvancePhase(double minWeight) => false;
    }

    private sealed class ConjunctionTree : PresearchTree
    {
        private readonly List<PresearchTree> _children;

        public ConjunctionTree(IReadOnlyList<PresearchTree> children)
        {
            _children = [.. children];
            Sort();
        }

        public override double Weight => _children[0].Weight;

        public override void CollectKeys(ISet<string> keys) => _children[0].CollectKeys(keys);

        public override bool AdvancePhase(double minWeight)
        {
            if (_children[0].AdvancePhase(minWeight))
            {
                Sort();
                return true;
            }

            if (_children.Count == 1 || _children[1].Weight <= minWeight)
            {
                return false;
            }

            _children.RemoveAt(0);
            return true;
        }

        // Best first; stable, so equal weights keep the query's order.
        private void Sort()
        {
            var sorted = _children.OrderByDescending(c => c.Weight).ToList();
            _children.Clear();
            _children.AddRange(sorted);
        }
    }

    private sealed class DisjunctionTree(IReadOnlyList<PresearchTree> children) : PresearchTree
    {
        public override double Weight => children.Min(c => c.Weight);

        public override void CollectKeys(ISet<string> keys)
        {
            foreach (var child in children)
            {
                child.CollectKeys(keys);
            }
        }

        public override bool AdvancePhase(double minWeight)
        {
            var changed = false;
            foreach (var child in children)
            {
                changed |= child.AdvancePhase(minWeight);
            }

            return changed;
        }
    }
}
