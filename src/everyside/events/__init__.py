"""Events across articles: one real-world event from many reports, and the actor network."""
