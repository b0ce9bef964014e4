namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// One chain's No-U-Turn transition, as Stan builds it: multinomial sampling of the trajectory, biased
/// progressive sampling between the old tree and each new subtree, and the generalized U-turn criterion
/// checked across every merged pair of subtrees, including the extra checks that join the two halves
/// with their neighbouring end points.
/// </summary>
/// <remarks>
/// <para>A transition draws a momentum, then repeatedly doubles the trajectory in a random direction. A
/// new subtree of 2^depth leapfrog steps is built recursively; its states carry weights exp(H₀ - H).
/// Within a subtree a state is chosen with probability proportional to weight; the new subtree then
/// replaces the current sample with probability min(1, w_new / w_old), which favours moving far.</para>
/// <para>Doubling stops when a subtree diverges (H - H₀ &gt; 1000: the integrator left the typical set),
/// when the U-turn criterion p♯₋·ρ &gt; 0 and p♯₊·ρ &gt; 0 fails for a merged tree (ρ the sum of momenta,
/// p♯ = M⁻¹p at the two ends), or at the maximum depth (saturation, reported).</para>
/// <para>The acceptance statistic is the mean over all leapfrog states of min(1, exp(H₀ - H)).</para>
/// </remarks>
public sealed class NoUTurnSampler
{
    /// <summary>Energy error above which a trajectory is declared divergent (Stan's value).</summary>
    public const double MaxEnergyError = 1000;

    private readonly ILogDensityModel model;
    private readonly ChainRandom random;
    private readonly LeapfrogIntegrator integrator;
    private readonly int dimension;
    private readonly PhasePoint current;
    private readonly PhasePoint forward;
    private readonly PhasePoint backward;
    private readonly PhasePoint sample;
    private readonly PhasePoint propose;
    private readonly TreeWorkspace[] workspaces;
    private readonly double[] pForwardForward;
    private readonly double[] pSharpForwardForward;
    private readonly double[] pForwardBackward;
    private readonly double[] pSharpForwardBackward;
    private readonly double[] pBackwardForward;
    private readonly double[] pSharpBackwardForward;
    private readonly double[] pBackwardBackward;
    private readonly double[] pSharpBackwardBackward;
    private readonly double[] rho;
    private readonly double[] rhoForward;
    private readonly double[] rhoBackward;
    private readonly double[] rhoExtended;
    private bool divergent;

    /// <summary>A sampler for <paramref name="model"/> with its own random stream.</summary>
    public NoUTurnSampler(ILogDensityModel model, Metric metric, ChainRandom random, int maxTreeDepth = 10)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(random);
        if (metric.Dimension != model.Dimension)
        {
            throw new ArgumentException("the metric and the model have different dimensions", nameof(metric));
        }

        if (maxTreeDepth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTreeDepth), "the maximum tree depth must be at least 1");
        }

        this.model = model;
        this.random = random;
        Metric = metric;
        MaxTreeDepth = maxTreeDepth;
        dimension = model.Dimension;
        integrator = new LeapfrogIntegrator(model);
        current = new PhasePoint(dimension);
        forward = new PhasePoint(dimension);
        backward = new PhasePoint(dimension);
        sample = new PhasePoint(dimension);
        propose = new PhasePoint(dimension);
        workspaces = new TreeWorkspace[maxTreeDepth + 1];
        for (var i = 0; i < workspaces.Length; i++)
        {
            workspaces[i] = new TreeWorkspace(dimension);
        }

        pForwardForward = new double[dimension];
        pSharpForwardForward = new double[dimension];
        pForwardBackward = new double[dimension];
        pSharpForwardBackward = new double[dimension];
        pBackwardForward = new double[dimension];
        pSharpBackwardForward = new double[dimension];
        pBackwardBackward = new double[dimension];
        pSharpBackwardBackward = new double[dimension];
        rho = new double[dimension];
        rhoForward = new double[dimension];
        rhoBackward = new double[dimension];
        rhoExtended = new double[dimension];
    }

    /// <summary>The metric in use (replaced by warm-up).</summary>
    public Metric Metric { get; set; }

    /// <summary>The step size in use.</summary>
    public double StepSize { get; set; } = 1;

    /// <summary>The maximum tree depth.</summary>
    public int MaxTreeDepth { get; }

    /// <summary>The current position (unconstrained).</summary>
    public ReadOnlySpan<double> Position => current.Position;

    /// <summary>The log density at the current position.</summary>
    public double LogDensity => current.LogDensity;

    /// <summary>Sets the current position; returns false when the log density or its gradient is not finite there.</summary>
    public bool TrySetPosition(ReadOnlySpan<double> position)
    {
        position.CopyTo(current.Position);
        current.Evaluate(model);
        return double.IsFinite(current.LogDensity);
    }

    /// <summary>
    /// Stan's heuristic for a starting step size: from the current position with a fresh momentum, keep
    /// doubling (or halving) ε while one leapfrog step's acceptance probability stays above (below) 0.8.
    /// </summary>
    public void InitializeStepSize()
    {
        var start = new PhasePoint(dimension);
        start.CopyFrom(current);
        var energyChange = OneStepEnergyChange(start);
        var direction = energyChange > Math.Log(0.8) ? 1 : -1;
        while (true)
        {
            energyChange = OneStepEnergyChange(start);
            if (direction == 1 && !(energyChange > Math.Log(0.8)))
            {
                break;
            }

            if (direction == -1 && !(energyChange < Math.Log(0.8)))
            {
                break;
            }

            StepSize = direction == 1 ? 2 * StepSize : 0.5 * StepSize;
            if (StepSize > 1e7)
            {
                throw new InvalidOperationException("the posterior is improper: the step size grew without bound, so the density is flat in some direction (check the priors)");
            }

            if (StepSize == 0)
            {
                throw new InvalidOperationException("no acceptable step size: the log density changes too abruptly (check the model's gradient and priors)");
            }
        }

        current.CopyFrom(start);
    }

    /// <summary>One NUTS transition from the current position; the draw becomes the current position.</summary>
    public TransitionStatistics Transition()
    {
        Metric.SampleMomentum(random, current.Momentum);
        var h0 = Hamiltonian(current);
        forward.CopyFrom(current);
        backward.CopyFrom(current);
        sample.CopyFrom(current);
        propose.CopyFrom(current);

        Metric.Velocity(current.Momentum, pSharpForwardForward);
        current.Momentum.AsSpan().CopyTo(pForwardForward);
        current.Momentum.AsSpan().CopyTo(pForwardBackward);
        current.Momentum.AsSpan().CopyTo(pBackwardForward);
        current.Momentum.AsSpan().CopyTo(pBackwardBackward);
        pSharpForwardForward.AsSpan().CopyTo(pSharpForwardBackward);
        pSharpForwardForward.AsSpan().CopyTo(pSharpBackwardForward);
        pSharpForwardForward.AsSpan().CopyTo(pSharpBackwardBackward);
        current.Momentum.AsSpan().CopyTo(rho);

        var logSumWeight = 0.0;
        var leapfrogSteps = 0;
        var sumMetropolis = 0.0;
        var depth = 0;
        divergent = false;

        while (depth < MaxTreeDepth)
        {
            Array.Clear(rhoForward);
            Array.Clear(rhoBackward);
            var logSumWeightSubtree = double.NegativeInfinity;
            bool validSubtree;
            if (random.NextUniform() > 0.5)
            {
                // Extend forwards: the old trajectory becomes the backward subtree.
                rho.AsSpan().CopyTo(rhoBackward);
                pForwardForward.AsSpan().CopyTo(pBackwardForward);
                pSharpForwardForward.AsSpan().CopyTo(pSharpBackwardForward);
                validSubtree = BuildTree(depth, forward, propose, pSharpForwardBackward, pSharpForwardForward, rhoForward, pForwardBackward, pForwardForward, h0, 1, ref leapfrogSteps, ref logSumWeightSubtree, ref sumMetropolis);
            }
            else
            {
                // Extend backwards: the old trajectory becomes the forward subtree.
                rho.AsSpan().CopyTo(rhoForward);
                pBackwardBackward.AsSpan().CopyTo(pForwardBackward);
                pSharpBackwardBackward.AsSpan().CopyTo(pSharpForwardBackward);
                validSubtree = BuildTree(depth, backward, propose, pSharpBackwardForward, pSharpBackwardBackward, rhoBackward, pBackwardForward, pBackwardBackward, h0, -1, ref leapfrogSteps, ref logSumWeightSubtree, ref sumMetropolis);
            }

            if (!validSubtree)
            {
                break;
            }

            depth++;
            if (logSumWeightSubtree > logSumWeight || random.NextUniform() < Math.Exp(logSumWeightSubtree - logSumWeight))
            {
                sample.CopyFrom(propose);
            }

            logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
            Add(rhoBackward, rhoForward, rho);

            var persist = Criterion(pSharpBackwardBackward, pSharpForwardForward, rho);
            Add(rhoBackward, pForwardBackward, rhoExtended);
            persist &= Criterion(pSharpBackwardBackward, pSharpForwardBackward, rhoExtended);
            Add(rhoForward, pBackwardForward, rhoExtended);
            persist &= Criterion(pSharpBackwardForward, pSharpForwardForward, rhoExtended);
            if (!persist)
            {
                break;
            }
        }

        current.CopyFrom(sample);
        var accept = leapfrogSteps > 0 ? sumMetropolis / leapfrogSteps : 0;
        return new TransitionStatistics(current.LogDensity, accept, StepSize, depth, leapfrogSteps, divergent, Hamiltonian(current));
    }

    private double Hamiltonian(PhasePoint point) => -point.LogDensity + Metric.KineticEnergy(point.Momentum);

    private double OneStepEnergyChange(PhasePoint start)
    {
        current.CopyFrom(start);
        Metric.SampleMomentum(random, current.Momentum);
        var h0 = Hamiltonian(current);
        integrator.Evolve(current, Metric, StepSize);
        var h = Hamiltonian(current);
        if (double.IsNaN(h))
        {
            h = double.PositiveInfinity;
        }

        return h0 - h;
    }

    private bool BuildTree(
        int depth,
        PhasePoint point,
        PhasePoint proposal,
        double[] pSharpBegin,
        double[] pSharpEnd,
        double[] rhoTree,
        double[] pBegin,
        double[] pEnd,
        double h0,
        int sign,
        ref int leapfrogSteps,
        ref double logSumWeight,
        ref double sumMetropolis)
    {
        if (depth == 0)
        {
            integrator.Evolve(point, Metric, sign * StepSize);
            leapfrogSteps++;
            var h = Hamiltonian(point);
            if (double.IsNaN(h))
            {
                h = double.PositiveInfinity;
            }

            if (h - h0 > MaxEnergyError)
            {
                divergent = true;
            }

            logSumWeight = LogSumExp(logSumWeight, h0 - h);
            sumMetropolis += h0 - h > 0 ? 1 : Math.Exp(h0 - h);
            proposal.CopyFrom(point);
            Metric.Velocity(point.Momentum, pSharpBegin);
            pSharpBegin.AsSpan().CopyTo(pSharpEnd);
            var p = point.Momentum;
            for (var i = 0; i < dimension; i++)
            {
                rhoTree[i] += p[i];
            }

            p.AsSpan().CopyTo(pBegin);
            p.AsSpan().CopyTo(pEnd);
            return !divergent;
        }

        var w = workspaces[depth];

        // The first half-subtree, from the current end of the trajectory outwards.
        var logSumWeightInit = double.NegativeInfinity;
        Array.Clear(w.RhoInit);
        if (!BuildTree(depth - 1, point, proposal, pSharpBegin, w.PSharpInitEnd, w.RhoInit, pBegin, w.PInitEnd, h0, sign, ref leapfrogSteps, ref logSumWeightInit, ref sumMetropolis))
        {
            return false;
        }

        // The second half-subtree, continuing from where the first ended.
        var logSumWeightFinal = double.NegativeInfinity;
        Array.Clear(w.RhoFinal);
        if (!BuildTree(depth - 1, point, w.ProposeFinal, w.PSharpFinalBegin, pSharpEnd, w.RhoFinal, w.PFinalBegin, pEnd, h0, sign, ref leapfrogSteps, ref logSumWeightFinal, ref sumMetropolis))
        {
            return false;
        }

        // Multinomial choice between the halves: uniform in weight within a subtree.
        var logSumWeightSubtree = LogSumExp(logSumWeightInit, logSumWeightFinal);
        logSumWeight = LogSumExp(logSumWeight, logSumWeightSubtree);
        if (logSumWeightFinal > logSumWeightSubtree || random.NextUniform() < Math.Exp(logSumWeightFinal - logSumWeightSubtree))
        {
            proposal.CopyFrom(w.ProposeFinal);
        }

        Add(w.RhoInit, w.RhoFinal, w.RhoSubtree);
        for (var i = 0; i < dimension; i++)
        {
            rhoTree[i] += w.RhoSubtree[i];
        }

        // U-turn across the whole subtree, then across each half joined to the neighbouring end point
        // of the other half (the checks that catch U-turns hidden at the seam between the halves).
        var persist = Criterion(pSharpBegin, pSharpEnd, w.RhoSubtree);
        Add(w.RhoInit, w.PFinalBegin, w.RhoExtended);
        persist &= Criterion(pSharpBegin, w.PSharpFinalBegin, w.RhoExtended);
        Add(w.RhoFinal, w.PInitEnd, w.RhoExtended);
        persist &= Criterion(w.PSharpInitEnd, pSharpEnd, w.RhoExtended);
        return persist;
    }

    private static bool Criterion(double[] pSharpMinus, double[] pSharpPlus, double[] rhoTree)
    {
        double plus = 0;
        double minus = 0;
        for (var i = 0; i < rhoTree.Length; i++)
        {
            plus += pSharpPlus[i] * rhoTree[i];
            minus += pSharpMinus[i] * rhoTree[i];
        }

        return plus > 0 && minus > 0;
    }

    private static void Add(double[] a, double[] b, double[] result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = a[i] + b[i];
        }
    }

    private static double LogSumExp(double a, double b)
    {
        if (double.IsNegativeInfinity(a))
        {
            return b;
        }

        if (double.IsNegativeInfinity(b))
        {
            return a;
        }

        return a > b ? a + Math.Log(1 + Math.Exp(b - a)) : b + Math.Log(1 + Math.Exp(a - b));
    }

    /// <summary>Scratch vectors of one level of the tree recursion, allocated once per chain.</summary>
    private sealed class TreeWorkspace(int dimension)
    {
        public double[] RhoInit { get; } = new double[dimension];

        public double[] RhoFinal { get; } = new double[dimension];

        public double[] RhoSubtree { get; } = new double[dimension];

        public double[] RhoExtended { get; } = new double[dimension];

        public double[] PInitEnd { get; } = new double[dimension];

        public double[] PSharpInitEnd { get; } = new double[dimension];

        public double[] PFinalBegin { get; } = new double[dimension];

        public double[] PSharpFinalBegin { get; } = new double[dimension];

        public PhasePoint ProposeFinal { get; } = new(dimension);
    }
}
