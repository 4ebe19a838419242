use rand::rngs::SmallRng;
use rand::{Rng, SeedableRng};

pub fn simulate_particles(steps: usize) -> Vec<f32> {
    let mut rng = SmallRng::seed_from_u64(7);
    (0..steps).map(|_| rng.gen_range(-1.0..1.0)).collect()
}
