# metafor's side of the CHE benchmark (docs/benchmarks.md): rma.mv on V = vcalc(vi, study, obs, rho = 0.6)
# for the rTMS example, the same V as CorrelatedThreeLevelBenchmarks. Run from the repository root:
#   Rscript benchmarks/metafor/che_rtms.R
suppressMessages(library(metafor))
dat <- read.csv("examples/rtms/rtms_synthetic.csv")
ri <- ifelse(is.na(dat$r_prepost), 0.5, dat$r_prepost)
dat <- escalc("SMCC", m1i = post_mean, m2i = pre_mean, sd1i = post_sd, sd2i = pre_sd, ni = n, ri = ri, data = dat)
dat$effect <- seq_len(nrow(dat))
V <- vcalc(vi, cluster = study, obs = effect, rho = 0.6, data = dat)
fit <- rma.mv(yi, V, random = ~ 1 | study / effect, data = dat)
cat(sprintf("beta %.10f  se %.10f  sigma2 %.10f %.10f\n", coef(fit), fit$se, fit$sigma2[1], fit$sigma2[2]))
che <- robust(fit, cluster = study, clubSandwich = TRUE)
cat(sprintf("CR2 se %.10f  df %.6f\n", che$se, che$dfs))

n <- 200
t_fit <- system.time(for (i in seq_len(n)) rma.mv(yi, V, random = ~ 1 | study / effect, data = dat))[["elapsed"]] / n
t_vfit <- system.time(for (i in seq_len(n)) {
  V2 <- vcalc(vi, cluster = study, obs = effect, rho = 0.6, data = dat)
  rma.mv(yi, V2, random = ~ 1 | study / effect, data = dat)
})[["elapsed"]] / n
t_che <- system.time(for (i in seq_len(50)) robust(rma.mv(yi, V, random = ~ 1 | study / effect, data = dat), cluster = study, clubSandwich = TRUE))[["elapsed"]] / 50
cat(sprintf("rma.mv on V: %.2f ms per fit (%d fits)\n", 1000 * t_fit, n))
cat(sprintf("vcalc + rma.mv: %.2f ms per fit (%d fits)\n", 1000 * t_vfit, n))
cat(sprintf("rma.mv + robust(clubSandwich = TRUE): %.2f ms per fit (50 fits)\n", 1000 * t_che))
