namespace MetaAnalysis.Core.Bayesian.Nuts;

/// <summary>
/// The leapfrog (Störmer-Verlet) integrator of Hamilton's equations: a half step of momentum, a full
/// step of position, a half step of momentum. It is symplectic and reversible, which is what makes the
/// NUTS trajectory a valid proposal.
/// </summary>
internal sealed class LeapfrogIntegrator
{
    private readonly ILogDensityModel model;
    private readonly double[] velocity;

    public LeapfrogIntegrator(ILogDensityModel model)
    {
        this.model = model;
        velocity = new double[model.Dimension];
    }

    /// <summary>Moves <paramref name="point"/> by one step of size <paramref name="stepSize"/> (negative: backwards in time).</summary>
    public void Evolve(PhasePoint point, Metric metric, double stepSize)
    {
        var half = 0.5 * stepSize;
        var p = point.Momentum;
        var q = point.Position;
        var g = point.Gradient;
        for (var i = 0; i < p.Length; i++)
        {
            p[i] += half * g[i];
        }

        metric.Velocity(p, velocity);
        for (var i = 0; i < q.Length; i++)
        {
            q[i] += stepSize * velocity[i];
        }

        point.Evaluate(model);
        for (var i = 0; i < p.Length; i++)
        {
            p[i] += half * g[i];
        }
    }
}
