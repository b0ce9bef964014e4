// The tests start real processes and kill or pause them; on two cores they run one at a time so that
// timings (leases, slow fits) are not distorted by each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
