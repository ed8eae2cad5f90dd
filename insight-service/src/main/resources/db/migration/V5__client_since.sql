-- When the robot's current client got it (epoch ms; 0: since provisioning). A client's facts
-- count only what the robot did for it, as robot-service's timeline does after a reassignment.
ALTER TABLE robots ADD COLUMN client_since_ms bigint NOT NULL DEFAULT 0;
